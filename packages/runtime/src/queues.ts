import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Outcome } from '@leadrelay/core';

/**
 * Queue names. Every name is wrapped in a Redis Cluster hash tag, so all keys of one queue
 * share a slot while different destinations spread over the shards. Names stay readable in
 * Bull Board: `{deliver.solar-us.acme}`, `{route}`.
 */
export function deliveryQueueName(campaignId: string, destinationId: string): string {
  return `{deliver.${campaignId}.${destinationId}}`;
}

export const ROUTE_QUEUE_NAME = '{route}';

/**
 * Payload of a delivery job: ids only, never lead fields (queues and Bull Board stay free of
 * personal data).
 */
export interface DeliveryJobData {
  leadId: string;
  campaignId: string;
  destinationId: string;
  destinationIndex: number;
  attempt: number;
}

/** Payload of a route job: ids plus the outcome, for operators reading Bull Board. */
export interface RouteJobData {
  leadId: string;
  campaignId: string;
  destinationIndex: number;
  attempt: number;
  outcome: Outcome;
}

/**
 * Deterministic job id of an attempt: `<leadId>-<destinationIndex>-<attempt>`. Adding a job
 * whose id exists is a no-op, so re-issued deliveries and route steps never duplicate.
 */
export function attemptJobId(leadId: string, destinationIndex: number, attempt: number): string {
  return `${leadId}-${destinationIndex}-${attempt}`;
}

/** Retention of finished jobs: bounded by age and count (NOTES.md "Memory"). */
export const KEEP_COMPLETED = { age: 3600, count: 5000 } as const;
export const KEEP_FAILED = { age: 7 * 24 * 3600, count: 50_000 } as const;

/** Stalls (worker deaths mid-job) a job survives before BullMQ fails it. */
export const MAX_STALLED_COUNT = 5;

/**
 * What every leadrelay BullMQ worker (deliveries and routing) shares: locks and stalled checks
 * every `jobLockMs` (JOB_LOCK_MS, default 30 s), and the retention of finished jobs — which
 * `jobOptions` leaves to the worker. A live worker renews its locks every half period, however
 * long a job takes; a crashed worker's jobs go back to wait once the lock lapses (NOTES.md
 * "At-least-once").
 */
export function jobWorkerOptions(jobLockMs = 30_000) {
  return {
    lockDuration: jobLockMs,
    stalledInterval: jobLockMs,
    maxStalledCount: MAX_STALLED_COUNT,
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
  };
}

/**
 * Options for jobs leadrelay adds. BullMQ's own attempts cover infrastructure failures in
 * the processor (Redis blips); buyer answers never throw, their retries belong to the router.
 * Retention (`KEEP_COMPLETED`, `KEEP_FAILED`) is set on the workers, which BullMQ applies to
 * every job without its own: left out here, it is not stored in each job (~100 bytes).
 */
export function jobOptions(jobId: string, delayMs = 0): JobsOptions {
  return delayMs > 0
    ? { jobId, delay: delayMs, attempts: 8, backoff: JOB_BACKOFF }
    : { jobId, attempts: 8, backoff: JOB_BACKOFF };
}

const JOB_BACKOFF = { type: 'exponential', delay: 500 } as const;

/** Queues a process writes to, created once and shared. */
export class QueueSet {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly connection: Redis,
    readonly prefix: string,
  ) {}

  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.prefix,
        streams: { events: { maxLen: 1000 } },
      });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async addDelivery(data: DeliveryJobData, delayMs = 0): Promise<void> {
    const queue = this.get(deliveryQueueName(data.campaignId, data.destinationId));
    const jobId = attemptJobId(data.leadId, data.destinationIndex, data.attempt);
    await queue.add('deliver', data, jobOptions(jobId, delayMs));
  }

  async addRoute(data: RouteJobData): Promise<void> {
    const jobId = attemptJobId(data.leadId, data.destinationIndex, data.attempt);
    await this.get(ROUTE_QUEUE_NAME).add('route', data, jobOptions(jobId));
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((queue) => queue.close()));
  }
}
