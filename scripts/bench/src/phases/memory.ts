import { randomUUID } from 'node:crypto';
import { startRouting, validateCampaignsFile, type CampaignConfig } from '@leadrelay/core';
import {
  attemptJobId,
  createRedis,
  deliveryQueueName,
  QueueSet,
  RedisLeadStore,
  type AttemptRecord,
} from '@leadrelay/runtime';
import { campaignsFile } from '../campaign.js';
import { resetRedis, usedMemory, type PrivateRedis } from '../private-redis.js';
import { STACK_PREFIX } from '../stack-child.js';

export interface MemoryResult {
  items: number;
  /** A stored lead with no fields plus its waiting first delivery job, bytes. */
  bytesPerPendingLead: number;
  /** A delayed delivery job, as the router schedules a retry, bytes. */
  bytesPerScheduledRetry: number;
  /** One attempt record in the lead's hash, bytes (kept for the lead's retention). */
  bytesPerAttemptRecord: number;
  /** MEMORY USAGE of one sample key of each kind, for the breakdown. */
  sampleKeyBytes: Record<string, number>;
}

/** The product's retention default, 14 days: the key TTL does not change the size. */
const RETENTION_MS = 14 * 24 * 3600 * 1000;
const IN_FLIGHT = 200;

async function inParallel(count: number, task: (index: number) => Promise<unknown>) {
  let next = 0;
  const lane = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count) }, lane));
}

async function settledMemory(redis: PrivateRedis): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  return usedMemory(redis.admin);
}

/**
 * Redis bytes per pending lead and per scheduled retry, from `used_memory` deltas over `items`
 * of each, written with the product's own lead store and queue code (what ingest and the router
 * call). Leads are stored with an empty field map, so lead fields are excluded by construction;
 * their JSON adds about its own length on top.
 */
export async function runMemory(redis: PrivateRedis, items: number): Promise<MemoryResult> {
  await resetRedis(redis.admin);
  const campaign = validateCampaignsFile(campaignsFile('http://127.0.0.1:9'), {})
    .campaigns[0] as CampaignConfig;
  const destination = campaign.destinations[0];
  if (!destination) throw new Error('bench campaign has no destination');
  const connection = createRedis(redis.url, 'blocking', 'bench-memory');
  const store = new RedisLeadStore(connection, STACK_PREFIX, RETENTION_MS);
  const queues = new QueueSet(connection, STACK_PREFIX);
  const queueName = deliveryQueueName(campaign.id, destination.id);
  const delivery = (leadId: string, attempt: number) => ({
    leadId,
    campaignId: campaign.id,
    destinationId: destination.id,
    destinationIndex: 0,
    attempt,
  });
  const createPending = async (leadId: string) => {
    await store.create({
      id: leadId,
      campaignId: campaign.id,
      sourceId: 'bench-source',
      createdAtMs: Date.now(),
      fields: {},
      state: startRouting(campaign).state,
    });
    await queues.addDelivery(delivery(leadId, 1));
  };
  const attempt: Omit<AttemptRecord, 'at'> = {
    destinationId: destination.id,
    destinationIndex: 0,
    attempt: 1,
    outcome: 'error',
    reason: 'HTTP 503 and no valid response',
    httpStatus: 503,
    durationMs: 3,
  };

  try {
    // Warm-up outside the measurement: queue meta keys, the capped events stream, scripts.
    await inParallel(2000, () => createPending(randomUUID()));
    const leadIds = Array.from({ length: items }, () => randomUUID());

    const before = await settledMemory(redis);
    await inParallel(items, (i) => createPending(leadIds[i] as string));
    const afterLeads = await settledMemory(redis);
    // Retries an hour or more out: none comes due while measuring.
    await inParallel(items, (i) =>
      queues.addDelivery(delivery(leadIds[i] as string, 2), 3_600_000 + i),
    );
    const afterRetries = await settledMemory(redis);
    await inParallel(items, (i) =>
      store.recordAttempt(leadIds[i] as string, { ...attempt, at: new Date().toISOString() }),
    );
    const afterAttempts = await settledMemory(redis);

    const sampleLead = leadIds[0] as string;
    const sampleKeyBytes: Record<string, number> = {};
    const keys: Record<string, string> = {
      'lead hash (no fields, one attempt)': `${STACK_PREFIX}:lead:{${sampleLead}}`,
      'waiting delivery job': `${STACK_PREFIX}:${queueName}:${attemptJobId(sampleLead, 0, 1)}`,
      'delayed retry job': `${STACK_PREFIX}:${queueName}:${attemptJobId(sampleLead, 0, 2)}`,
    };
    for (const [label, key] of Object.entries(keys)) {
      const bytes = (await redis.admin.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) as
        number | null;
      if (typeof bytes === 'number') sampleKeyBytes[label] = bytes;
    }
    return {
      items,
      bytesPerPendingLead: (afterLeads - before) / items,
      bytesPerScheduledRetry: (afterRetries - afterLeads) / items,
      bytesPerAttemptRecord: (afterAttempts - afterRetries) / items,
      sampleKeyBytes,
    };
  } finally {
    await queues.close();
    connection.disconnect();
  }
}
