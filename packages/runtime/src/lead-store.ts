import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  decodeRoutingState,
  encodeRoutingState,
  type LeadStatus,
  type Outcome,
  type RoutingState,
} from '@leadrelay/core';

/** One delivery attempt as recorded by the worker that made it. */
export interface AttemptRecord {
  destinationId: string;
  destinationIndex: number;
  attempt: number;
  outcome: Outcome;
  reason: string | null;
  /** null when no HTTP answer arrived (refused, timeout, DNS …). */
  httpStatus: number | null;
  durationMs: number;
  /** ISO time the attempt finished. */
  at: string;
  retryAfterMs?: number;
}

/** What a lead looks like to operators and sources: ids, statuses and reasons, no fields. */
export interface LeadSummary {
  id: string;
  campaignId: string;
  sourceId: string;
  createdAt: string;
  status: LeadStatus;
  /** Acceptance reasons of an invalid lead. */
  reasons: string[];
  state: RoutingState | null;
  attempts: AttemptRecord[];
}

export interface NewLead {
  id: string;
  campaignId: string;
  sourceId: string;
  createdAtMs: number;
  fields: Record<string, string>;
  state: RoutingState;
}

export interface InvalidLead {
  id: string;
  campaignId: string;
  sourceId: string;
  createdAtMs: number;
  reasons: string[];
}

/** What a delivery worker needs to send one attempt. */
export interface DeliveryView {
  campaignId: string;
  createdAt: string;
  fields: Record<string, string>;
  /** Set when this attempt already has a recorded outcome (a re-run job). */
  recorded: AttemptRecord | null;
}

export interface RoutingView {
  campaignId: string;
  state: RoutingState;
  version: number;
}

/**
 * The lead store: the only place lead fields live. Redis-backed now; the interface is what a
 * durable store will implement later. Every method touches one lead key, so each is atomic and
 * works on Redis Cluster.
 */
export interface LeadStore {
  create(lead: NewLead): Promise<void>;
  createInvalid(lead: InvalidLead): Promise<void>;
  /** Removes a lead whose first delivery could not be enqueued (ingest answered 503). */
  discard(leadId: string): Promise<void>;
  summary(leadId: string): Promise<LeadSummary | null>;
  forDelivery(
    leadId: string,
    destinationIndex: number,
    attempt: number,
  ): Promise<DeliveryView | null>;
  /** Records an attempt once; returns the record that stands (the first one written). */
  recordAttempt(leadId: string, record: AttemptRecord): Promise<AttemptRecord | null>;
  routing(leadId: string): Promise<RoutingView | null>;
  /** An attempt's record and the lead's routing in one read: what a route step starts from. */
  routeStep(
    leadId: string,
    destinationIndex: number,
    attempt: number,
  ): Promise<{ record: AttemptRecord | null; routing: RoutingView | null }>;
  /** Saves `state` only if the stored version is still `version`; false on a lost race. */
  saveRouting(leadId: string, version: number, state: RoutingState): Promise<boolean>;
  /** Leads still pending, oldest first (ids and creation times). */
  pending(limit: number): Promise<{ leadId: string; createdAtMs: number }[]>;
  markSettled(leadId: string): Promise<void>;
  /**
   * Binds an ingest Idempotency-Key (scoped by source) to a lead id for `windowMs`, unless it
   * is bound already: then returns the lead id and request fingerprint it is bound to.
   */
  claimIdempotencyKey(
    claim: IdempotencyClaim,
  ): Promise<{ claimed: true } | { claimed: false; leadId: string; fingerprint: string }>;
  /** Frees a claimed key whose request failed (503), so the source's retry can go through. */
  releaseIdempotencyKey(scope: string, key: string, leadId: string): Promise<void>;
}

export interface IdempotencyClaim {
  /** The source id: keys of different sources never collide. */
  scope: string;
  key: string;
  leadId: string;
  /** A digest of the request's fields: the same key with other fields is a conflict. */
  fingerprint: string;
  windowMs: number;
}

const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'meta', ARGV[1], 'fields', ARGV[2], 'state', ARGV[3], 'v', '1')
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`;

const RECORD_ATTEMPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return ARGV[2]
end
return redis.call('HGET', KEYS[1], ARGV[1])`;

const SAVE_ROUTING = `
if redis.call('HGET', KEYS[1], 'v') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'v', tostring(tonumber(ARGV[1]) + 1))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

const RELEASE_IDEMPOTENCY = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** The lead store's Lua scripts by command name (also how diagnostics name them). */
export const LEAD_STORE_SCRIPTS = {
  leadrelayCreateLead: CREATE,
  leadrelayRecordAttempt: RECORD_ATTEMPT,
  leadrelaySaveRouting: SAVE_ROUTING,
  leadrelayReleaseIdempotency: RELEASE_IDEMPOTENCY,
} as const;

/** A lead-store script, sent by SHA (EVALSHA; ioredis falls back to EVAL after a restart). */
type Script = (key: string, ...args: string[]) => Promise<unknown>;

/** Registers `lua` on the connection once under `name`, as a one-key command. */
function defineScript(redis: Redis, name: string, lua: string): Script {
  const commands = redis as unknown as Record<string, Script | undefined>;
  if (!commands[name]) redis.defineCommand(name, { numberOfKeys: 1, lua });
  const command = commands[name] as Script;
  return (key, ...args) => command.call(redis, key, ...args);
}

interface Meta {
  id: string;
  campaignId: string;
  sourceId: string;
  createdAt: string;
  reasons?: string[];
}

/** The meta field of a lead hash: its identity and, for an invalid lead, why. */
function metaOf(
  lead: Pick<NewLead, 'id' | 'campaignId' | 'sourceId' | 'createdAtMs'>,
  reasons?: string[],
): Meta {
  return {
    id: lead.id,
    campaignId: lead.campaignId,
    sourceId: lead.sourceId,
    createdAt: new Date(lead.createdAtMs).toISOString(),
    ...(reasons === undefined ? {} : { reasons }),
  };
}

function routingView(
  meta: string | null | undefined,
  state: string | null | undefined,
  version: string | null | undefined,
): RoutingView | null {
  if (!meta || !state || !version) return null;
  return {
    campaignId: (JSON.parse(meta) as Meta).campaignId,
    state: decodeRoutingState(state),
    version: Number(version),
  };
}

function attemptField(destinationIndex: number, attempt: number): string {
  return `a:${destinationIndex}:${attempt}`;
}

/** Lead store on Redis: one hash per lead, `<prefix>:lead:{<leadId>}`. */
export class RedisLeadStore implements LeadStore {
  private readonly pendingKey: string;
  private readonly createScript: Script;
  private readonly recordAttemptScript: Script;
  private readonly saveRoutingScript: Script;
  private readonly releaseIdempotencyScript: Script;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly retentionMs: number,
  ) {
    this.pendingKey = `${prefix}:leads:pending`;
    const script = (name: keyof typeof LEAD_STORE_SCRIPTS) =>
      defineScript(redis, name, LEAD_STORE_SCRIPTS[name]);
    this.createScript = script('leadrelayCreateLead');
    this.recordAttemptScript = script('leadrelayRecordAttempt');
    this.saveRoutingScript = script('leadrelaySaveRouting');
    this.releaseIdempotencyScript = script('leadrelayReleaseIdempotency');
  }

  private key(leadId: string): string {
    return `${this.prefix}:lead:{${leadId}}`;
  }

  async create(lead: NewLead): Promise<void> {
    // Sent together, awaited together: one round trip. A pending-set entry whose lead was
    // not created is removed by the caller's `discard`, and harmless until then.
    const [created] = await Promise.all([
      this.createScript(
        this.key(lead.id),
        JSON.stringify(metaOf(lead)),
        JSON.stringify(lead.fields),
        encodeRoutingState(lead.state),
        String(this.retentionMs),
      ),
      this.redis.zadd(this.pendingKey, lead.createdAtMs, lead.id),
    ]);
    if (created !== 1) throw new Error(`lead ${lead.id} already exists`);
  }

  async createInvalid(lead: InvalidLead): Promise<void> {
    const meta = metaOf(lead, lead.reasons);
    // An invalid lead keeps its reasons, never its fields: nothing will be delivered.
    await this.redis
      .multi()
      .hset(this.key(lead.id), 'meta', JSON.stringify(meta), 'v', '1')
      .pexpire(this.key(lead.id), this.retentionMs)
      .exec();
  }

  async discard(leadId: string): Promise<void> {
    await Promise.all([this.redis.del(this.key(leadId)), this.redis.zrem(this.pendingKey, leadId)]);
  }

  async summary(leadId: string): Promise<LeadSummary | null> {
    const hash = await this.redis.hgetall(this.key(leadId));
    if (!hash.meta) return null;
    const meta = JSON.parse(hash.meta) as Meta;
    const state = hash.state ? decodeRoutingState(hash.state) : null;
    const attempts = Object.entries(hash)
      .filter(([field]) => field.startsWith('a:'))
      .map(([, value]) => JSON.parse(value) as AttemptRecord)
      .sort((a, b) => a.at.localeCompare(b.at) || a.destinationIndex - b.destinationIndex);
    return {
      id: meta.id,
      campaignId: meta.campaignId,
      sourceId: meta.sourceId,
      createdAt: meta.createdAt,
      status: state ? state.status : 'invalid',
      reasons: meta.reasons ?? [],
      state,
      attempts,
    };
  }

  async forDelivery(
    leadId: string,
    destinationIndex: number,
    attempt: number,
  ): Promise<DeliveryView | null> {
    const [meta, fields, recorded] = await this.redis.hmget(
      this.key(leadId),
      'meta',
      'fields',
      attemptField(destinationIndex, attempt),
    );
    if (!meta || !fields) return null;
    const parsed = JSON.parse(meta) as Meta;
    return {
      campaignId: parsed.campaignId,
      createdAt: parsed.createdAt,
      fields: JSON.parse(fields) as Record<string, string>,
      recorded: recorded ? (JSON.parse(recorded) as AttemptRecord) : null,
    };
  }

  async recordAttempt(leadId: string, record: AttemptRecord): Promise<AttemptRecord | null> {
    const stored = (await this.recordAttemptScript(
      this.key(leadId),
      attemptField(record.destinationIndex, record.attempt),
      JSON.stringify(record),
      String(this.retentionMs),
    )) as string | null;
    return stored ? (JSON.parse(stored) as AttemptRecord) : null;
  }

  async routing(leadId: string): Promise<RoutingView | null> {
    const [meta, state, version] = await this.redis.hmget(this.key(leadId), 'meta', 'state', 'v');
    return routingView(meta, state, version);
  }

  async routeStep(
    leadId: string,
    destinationIndex: number,
    attempt: number,
  ): Promise<{ record: AttemptRecord | null; routing: RoutingView | null }> {
    const [recorded, meta, state, version] = await this.redis.hmget(
      this.key(leadId),
      attemptField(destinationIndex, attempt),
      'meta',
      'state',
      'v',
    );
    return {
      record: recorded ? (JSON.parse(recorded) as AttemptRecord) : null,
      routing: routingView(meta, state, version),
    };
  }

  async saveRouting(leadId: string, version: number, state: RoutingState): Promise<boolean> {
    const saved = await this.saveRoutingScript(
      this.key(leadId),
      String(version),
      encodeRoutingState(state),
      String(this.retentionMs),
    );
    return saved === 1;
  }

  async pending(limit: number): Promise<{ leadId: string; createdAtMs: number }[]> {
    const flat = await this.redis.zrange(this.pendingKey, 0, limit - 1, 'WITHSCORES');
    const out: { leadId: string; createdAtMs: number }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      out.push({ leadId: flat[i] as string, createdAtMs: Number(flat[i + 1]) });
    }
    return out;
  }

  async markSettled(leadId: string): Promise<void> {
    await this.redis.zrem(this.pendingKey, leadId);
  }

  private idempotencyKey(scope: string, key: string): string {
    const digest = createHash('sha256').update(key).digest('hex');
    return `${this.prefix}:idem:${scope}:${digest}`;
  }

  async claimIdempotencyKey(
    claim: IdempotencyClaim,
  ): Promise<{ claimed: true } | { claimed: false; leadId: string; fingerprint: string }> {
    const redisKey = this.idempotencyKey(claim.scope, claim.key);
    const value = `${claim.leadId} ${claim.fingerprint}`;
    const set = await this.redis.set(redisKey, value, 'PX', claim.windowMs, 'NX');
    if (set === 'OK') return { claimed: true };
    const existing = (await this.redis.get(redisKey)) ?? value;
    const [leadId = claim.leadId, fingerprint = ''] = existing.split(' ');
    return { claimed: false, leadId, fingerprint };
  }

  async releaseIdempotencyKey(scope: string, key: string, leadId: string): Promise<void> {
    const redisKey = this.idempotencyKey(scope, key);
    const current = await this.redis.get(redisKey);
    if (current?.startsWith(`${leadId} `)) {
      await this.releaseIdempotencyScript(redisKey, current);
    }
  }
}
