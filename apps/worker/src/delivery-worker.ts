import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  closeWithin,
  KEEP_COMPLETED,
  KEEP_FAILED,
  type AttemptRecord,
  type Catalog,
  type DeliveryJobData,
  type DestinationRuntime,
  type LeadStore,
  type Logger,
  type QueueSet,
} from '@leadrelay/runtime';
import { createHttpClient, send } from './send.js';

export interface DeliveryWorkersOptions {
  catalog: Catalog;
  store: LeadStore;
  /** Where route jobs go. */
  queues: QueueSet;
  /** A connection that retries forever (`createRedis(url, 'blocking', …)`). */
  connection: Redis;
  prefix: string;
  logger: Logger;
  /** `WORKER_DESTINATIONS`: `*` or a comma list. */
  destinations: string;
}

export interface DeliveryWorkers {
  /** Queue names served, one per destination. */
  readonly queueNames: string[];
  running(): boolean;
  /** Stops taking jobs and waits up to `timeoutMs` for in-flight deliveries. */
  close(timeoutMs: number): Promise<boolean>;
}

/** The Idempotency-Key sent to a buyer: the same for every attempt of one lead there. */
export function idempotencyKey(leadId: string, destinationId: string): string {
  return `${leadId}-${destinationId}`;
}

/**
 * Starts one BullMQ worker per served destination, so a slow or dead buyer only ever holds
 * its own queue. Each job: load the lead, render, send, classify, record the attempt once,
 * enqueue the route step. A re-run job whose attempt is already recorded skips the send.
 */
export function startDeliveryWorkers(options: DeliveryWorkersOptions): DeliveryWorkers {
  const { catalog, store, queues, logger } = options;
  const client = createHttpClient();
  const served = catalog.select(options.destinations);

  async function attemptDelivery(
    destination: DestinationRuntime,
    data: DeliveryJobData,
    log: Logger,
  ) {
    const view = await store.forDelivery(data.leadId, data.destinationIndex, data.attempt);
    if (!view) {
      log.warn('lead not found; delivery dropped (retention expired or lead discarded)');
      return null;
    }
    if (view.recorded) {
      log.info({ outcome: view.recorded.outcome }, 'attempt already recorded; skipping the send');
      return view.recorded;
    }

    const request = destination.request.render(view.fields, {
      leadId: data.leadId,
      campaignId: data.campaignId,
      collectedAt: view.createdAt,
    });
    const { config } = destination;
    const exchange = await send(client, request, {
      timeoutMs: config.timeoutMs,
      maxResponseBytes: config.maxResponseBytes,
      idempotencyKey: idempotencyKey(data.leadId, config.id),
    });
    const nowMs = Date.now();
    const classification =
      exchange.kind === 'transport'
        ? { outcome: 'error' as const, reason: exchange.reason }
        : destination.parser.classify(exchange.response, {
            errorStatuses: config.errorStatuses,
            maxResponseBytes: config.maxResponseBytes,
            nowMs,
          });

    const record: AttemptRecord = {
      destinationId: config.id,
      destinationIndex: data.destinationIndex,
      attempt: data.attempt,
      outcome: classification.outcome,
      reason: classification.reason,
      httpStatus: exchange.kind === 'response' ? exchange.response.status : null,
      durationMs: exchange.durationMs,
      at: new Date(nowMs).toISOString(),
      ...('retryAfterMs' in classification && classification.retryAfterMs !== undefined
        ? { retryAfterMs: classification.retryAfterMs }
        : {}),
    };
    const stored = await store.recordAttempt(data.leadId, record);
    log.info(
      { outcome: record.outcome, httpStatus: record.httpStatus, durationMs: record.durationMs },
      'delivery attempted',
    );
    return stored;
  }

  const workers = served.map((destination) => {
    const processor = async (job: Job<DeliveryJobData>) => {
      const data = job.data;
      const log = logger.child({
        leadId: data.leadId,
        destinationId: data.destinationId,
        attempt: data.attempt,
        jobId: job.id,
      });
      if (data.destinationId !== destination.config.id) {
        log.error({ configured: destination.config.id }, 'job names another destination; dropped');
        return { dropped: 'destination mismatch' };
      }
      const record = await attemptDelivery(destination, data, log);
      if (!record) return { dropped: 'lead not found' };
      await queues.addRoute({
        leadId: data.leadId,
        campaignId: data.campaignId,
        destinationIndex: data.destinationIndex,
        attempt: data.attempt,
        outcome: record.outcome,
      });
      // No reason here: buyers echo lead data in reasons, and Bull Board shows return values.
      return { outcome: record.outcome, httpStatus: record.httpStatus };
    };
    const worker = new Worker<DeliveryJobData>(destination.queueName, processor, {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: destination.config.concurrency,
      // The lock must outlive the slowest exchange, or a live delivery would be stalled and
      // re-run (NOTES.md "At-least-once").
      lockDuration: Math.max(30_000, destination.config.timeoutMs * 3),
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    });
    worker.on('error', (error) =>
      logger.error({ err: error, queue: destination.queueName }, 'worker error'),
    );
    worker.on('failed', (job, error) =>
      logger.warn(
        { jobId: job?.id, queue: destination.queueName, err: error },
        'delivery job failed',
      ),
    );
    return worker;
  });

  logger.info({ queues: served.map((d) => d.queueName) }, 'delivery workers started');
  return {
    queueNames: served.map((d) => d.queueName),
    running: () => workers.every((worker) => worker.isRunning()),
    close: (timeoutMs) => closeWithin(() => Promise.all(workers.map((w) => w.close())), timeoutMs),
  };
}
