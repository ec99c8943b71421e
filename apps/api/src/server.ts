import { createHash, randomUUID } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { acceptLead, startRouting, type CampaignConfig } from '@leadrelay/core';
import type {
  Catalog,
  LeadStore,
  LeadSummary,
  Logger,
  Metrics,
  QueueSet,
} from '@leadrelay/runtime';
import { toClassicXml, wantsXml, type SourceAnswer } from './answers.js';
import { parseForm } from './form.js';

export interface ApiOptions {
  catalog: Catalog;
  store: LeadStore;
  queues: QueueSet;
  logger: Logger;
  /** Largest request body accepted (413 past it). */
  maxRequestBytes: number;
  metrics?: Metrics;
  /** How long an ingest Idempotency-Key is remembered, ms. Default 24 h. */
  idempotencyWindowMs?: number;
  now?: () => number;
}

/** Longest an ingest request may take to arrive in full. */
const REQUEST_TIMEOUT_MS = 10_000;

/** Default window of ingest Idempotency-Keys: 24 hours. */
export const DEFAULT_IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;

/** The key, absent, or 'invalid' (not 1..255 visible ASCII characters). */
function readIdempotencyKey(header: string | string[] | undefined): string | undefined | 'invalid' {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(header)) return 'invalid';
  return header;
}

/** A digest of a lead's input, independent of key order. */
function fingerprintOf(input: Record<string, unknown>): string {
  const sorted = Object.keys(input)
    .sort()
    .map((key) => [key, input[key]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('base64url');
}

const LEADS_ROUTE = '/v1/campaigns/:campaignId/leads';

/** The `result` label of `leadrelay_leads_received_total`, by answer status. */
const INGEST_RESULTS: Record<number, string> = {
  202: 'queued',
  400: 'malformed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'unknown_campaign',
  413: 'too_large',
  415: 'unsupported_media_type',
  422: 'invalid',
  500: 'internal_error',
  503: 'unavailable',
};

interface LeadParams {
  campaignId: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON shape of `GET /v1/leads/{leadId}` (DESIGN.md "HTTP API"). */
export function leadView(lead: LeadSummary, campaign?: CampaignConfig) {
  const destinations = lead.state
    ? lead.state.destinations.map((destination, index) => ({
        id:
          campaign?.destinations[index]?.id ??
          lead.attempts.find((a) => a.destinationIndex === index)?.destinationId ??
          null,
        index,
        status: destination.status,
        outcome: destination.outcome,
        reason: destination.reason,
        attempts: destination.attempts,
      }))
    : [];
  return {
    id: lead.id,
    campaignId: lead.campaignId,
    status: lead.status,
    createdAt: lead.createdAt,
    ...(lead.status === 'invalid' ? { reasons: lead.reasons } : {}),
    destinations,
    attempts: lead.attempts.map((a) => ({
      destinationId: a.destinationId,
      attempt: a.attempt,
      outcome: a.outcome,
      reason: a.reason,
      httpStatus: a.httpStatus,
      durationMs: a.durationMs,
      at: a.at,
    })),
  };
}

/**
 * The ingest API. Answers at once: 202 queued, 422 invalid (every reason), 400 malformed,
 * 401 unknown key, 403 key not allowed on the campaign, 404 unknown campaign, 413 too large,
 * 415 unsupported content type, 503 when Redis is unavailable.
 */
export function buildApi(options: ApiOptions): FastifyInstance {
  const { catalog, store, queues, logger, metrics } = options;
  const now = options.now ?? Date.now;
  const idempotencyWindowMs = options.idempotencyWindowMs ?? DEFAULT_IDEMPOTENCY_WINDOW_MS;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Fastify's own request lines carry the URL, and a query string can hold lead fields.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.maxRequestBytes,
    // A source that trickles its body (slowloris) is cut off instead of holding a socket.
    requestTimeout: REQUEST_TIMEOUT_MS,
    genReqId: () => randomUUID(),
  });

  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer' },
    (request, body, done) => {
      try {
        done(null, parseForm(body as Buffer, request.headers['content-type']));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  // JSON under the other names sources use for it (text/json, application/vnd.api+json, …).
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('text/json', { parseAs: 'string' }, jsonParser);
  app.addContentTypeParser(/^application\/[a-z0-9.-]+\+json$/i, { parseAs: 'string' }, jsonParser);

  function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    body: SourceAnswer,
  ) {
    reply.code(status);
    if (wantsXml(request.headers.accept)) {
      return reply.type('application/xml; charset=utf-8').send(toClassicXml(body));
    }
    return reply.send(body);
  }

  /** 503 with Retry-After: Redis is away; nothing was stored. */
  function unavailable(request: FastifyRequest, reply: FastifyReply) {
    reply.header('retry-after', '5');
    return answer(request, reply, 503, {
      outcome: 'error',
      reasons: ['temporarily unavailable; retry later'],
    });
  }

  /**
   * An Idempotency-Key seen before within the window answers what the first request got (the
   * same lead id), and the lead is not taken in again; the same key with other fields is a
   * conflict. Concurrent identical requests race on one atomic claim.
   */
  async function replayIfSeen(
    key: string,
    scope: string,
    leadId: string,
    input: Record<string, unknown>,
  ): Promise<{ status: number; body: SourceAnswer } | null> {
    const fingerprint = fingerprintOf(input);
    const claim = await store.claimIdempotencyKey({
      scope,
      key,
      leadId,
      fingerprint,
      windowMs: idempotencyWindowMs,
    });
    if (claim.claimed) return null;
    if (claim.fingerprint !== fingerprint) {
      return {
        status: 409,
        body: {
          outcome: 'failure',
          reasons: ['Idempotency-Key already used with different lead fields'],
        },
      };
    }
    const first = await store.summary(claim.leadId);
    if (first?.status === 'invalid') {
      return {
        status: 422,
        body: { outcome: 'failure', reasons: first.reasons, lead: { id: claim.leadId } },
      };
    }
    return { status: 202, body: { outcome: 'queued', lead: { id: claim.leadId } } };
  }

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status === 500) {
      request.log.error({ err: error }, 'request failed');
      return answer(request, reply, 500, { outcome: 'error', reasons: ['internal error'] });
    }
    return answer(request, reply, status, { outcome: 'failure', reasons: [error.message] });
  });
  app.setNotFoundHandler((request, reply) =>
    answer(request, reply, 404, {
      outcome: 'failure',
      reasons: [`no route ${request.method} ${request.url.split('?')[0]}`],
    }),
  );

  // Every ingest answer is counted once, here; an unknown campaign id never becomes a label.
  app.addHook('onResponse', async (request, reply) => {
    if (!metrics || request.routeOptions.url !== LEADS_ROUTE) return;
    const campaignId = (request.params as Partial<LeadParams> | undefined)?.campaignId;
    const campaign = campaignId && catalog.campaign(campaignId) ? campaignId : 'unknown';
    metrics.leadsReceived.inc({
      campaign,
      result: INGEST_RESULTS[reply.statusCode] ?? `http_${reply.statusCode}`,
    });
  });

  app.post<{ Params: LeadParams }>(LEADS_ROUTE, async (request, reply) => {
    const campaign = catalog.campaign(request.params.campaignId);
    if (!campaign)
      return answer(request, reply, 404, { outcome: 'failure', reasons: ['unknown campaign'] });
    const apiKey = request.headers['x-api-key'];
    const source = typeof apiKey === 'string' ? catalog.authenticate(apiKey) : undefined;
    if (!source)
      return answer(request, reply, 401, {
        outcome: 'failure',
        reasons: ['missing or unknown X-API-Key'],
      });
    if (!source.campaigns.includes(campaign.id)) {
      return answer(request, reply, 403, {
        outcome: 'failure',
        reasons: ['this source may not post to this campaign'],
      });
    }
    // No body at all means fields come from the query string; a JSON `null` is malformed.
    const body = request.body === undefined ? {} : request.body;
    if (!isPlainObject(body)) {
      return answer(request, reply, 400, {
        outcome: 'failure',
        reasons: ['body must be an object of lead fields'],
      });
    }
    const input = { ...(request.query as Record<string, unknown>), ...body };

    const leadId = randomUUID();
    const createdAtMs = now();
    // Bound to each line rather than through a child logger: most requests write one line.
    const ids = { leadId, campaignId: campaign.id, sourceId: source.id };
    const log = request.log;
    const idempotency = readIdempotencyKey(request.headers['idempotency-key']);
    if (idempotency === 'invalid') {
      return answer(request, reply, 400, {
        outcome: 'failure',
        reasons: ['Idempotency-Key must be 1 to 255 visible ASCII characters'],
      });
    }
    const scope = `${source.id}.${campaign.id}`;
    const release = () =>
      idempotency
        ? store.releaseIdempotencyKey(scope, idempotency, leadId).catch(() => undefined)
        : undefined;
    if (idempotency) {
      let replay: Awaited<ReturnType<typeof replayIfSeen>>;
      try {
        replay = await replayIfSeen(idempotency, scope, leadId, input);
      } catch (error) {
        log.warn({ ...ids, err: error }, 'idempotency check failed: Redis unavailable');
        return unavailable(request, reply);
      }
      if (replay) {
        reply.header('idempotent-replayed', 'true');
        return answer(request, reply, replay.status, replay.body);
      }
    }
    const accepted = acceptLead(campaign.fields, input);
    if (!accepted.ok) {
      try {
        await store.createInvalid({
          id: leadId,
          campaignId: campaign.id,
          sourceId: source.id,
          createdAtMs,
          reasons: accepted.reasons,
        });
      } catch (error) {
        log.warn({ ...ids, err: error }, 'invalid lead not recorded: store unavailable');
        await release();
      }
      log.info({ ...ids, reasons: accepted.reasons.length }, 'lead invalid');
      return answer(request, reply, 422, {
        outcome: 'failure',
        reasons: accepted.reasons,
        lead: { id: leadId },
      });
    }

    const { state, actions } = startRouting(campaign);
    try {
      await store.create({
        id: leadId,
        campaignId: campaign.id,
        sourceId: source.id,
        createdAtMs,
        fields: accepted.fields,
        state,
      });
      for (const action of actions) {
        if (action.type !== 'deliver') continue;
        const destination = campaign.destinations[action.destinationIndex];
        if (!destination) continue;
        await queues.addDelivery({
          leadId,
          campaignId: campaign.id,
          destinationId: destination.id,
          destinationIndex: action.destinationIndex,
          attempt: action.attempt,
        });
      }
    } catch (error) {
      log.warn({ ...ids, err: error }, 'lead not accepted: Redis unavailable');
      // Clean-up need not hold the answer (a hung Redis would make it wait out another
      // timeout); freeing the Idempotency-Key must, or the source's retry would be replayed.
      void store.discard(leadId).catch(() => undefined);
      await release();
      return unavailable(request, reply);
    }
    log.info(ids, 'lead queued');
    return answer(request, reply, 202, { outcome: 'queued', lead: { id: leadId } });
  });

  app.get<{ Params: { leadId: string } }>('/v1/leads/:leadId', async (request, reply) => {
    const apiKey = request.headers['x-api-key'];
    const source = typeof apiKey === 'string' ? catalog.authenticate(apiKey) : undefined;
    if (!source)
      return reply
        .code(401)
        .send({ outcome: 'failure', reasons: ['missing or unknown X-API-Key'] });
    let lead: LeadSummary | null;
    try {
      lead = await store.summary(request.params.leadId);
    } catch (error) {
      request.log.warn({ err: error }, 'lead lookup failed: Redis unavailable');
      return unavailable(request, reply);
    }
    // A lead of another source is answered like a missing one: ids are not probeable.
    if (!lead || lead.sourceId !== source.id) {
      return reply.code(404).send({ outcome: 'failure', reasons: ['unknown lead'] });
    }
    return reply.send(leadView(lead, catalog.campaign(lead.campaignId)));
  });

  return app;
}
