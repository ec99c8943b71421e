import { Worker, type Job, type Queue } from 'bullmq';
import {
  closeWithin,
  jobWorkerOptions,
  type AttemptRecord,
  type DeliveryJobData,
  type DestinationRuntime,
  type JobRoleOptions,
  type Logger,
} from '@leadrelay/runtime';
import { AutoPause } from './auto-pause.js';
import { createHttpClient, send, type Exchange } from './send.js';

/**
 * `queues` is where route jobs go; it also gives each destination's own queue (pause, rate
 * limit).
 */
export interface DeliveryWorkersOptions extends JobRoleOptions {
  /** `WORKER_DESTINATIONS`: `*` or a comma list. */
  destinations: string;
  /** How often auto-paused queues are checked for the end of their cool-down. Default 500 ms. */
  pauseCheckIntervalMs?: number;
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

/** Statuses whose Retry-After slows the whole destination down, not just this lead. */
const SLOW_DOWN_STATUSES = new Set([429, 503]);

/** A limiter so high it never binds: BullMQ only honours a manual rate limit when one is set. */
const UNBOUNDED_LIMITER = { max: 1_000_000_000, duration: 1000 };

/**
 * Redirects are never followed (a redirected POST may change method or leak the lead to a
 * third host), so a 3xx is an error that names the cause, whatever its body says.
 */
function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/** Characters of a buyer's body shown in a debug log line. */
const BODY_PREVIEW_CHARS = 256;

/** Shortest lead value masked in a body preview; shorter ones (a state code) say little. */
const MASK_MIN_CHARS = 3;

/**
 * The start of a buyer's body for a debug line, with every lead field value the buyer echoed
 * masked: even at debug, logs never carry personal data.
 */
export function bodyPreview(
  exchange: Exchange,
  fields: Readonly<Record<string, string>>,
): string | undefined {
  if (exchange.kind !== 'response') return undefined;
  const body = exchange.response.body;
  let text =
    typeof body === 'string'
      ? body
      : Buffer.from(body)
          .subarray(0, BODY_PREVIEW_CHARS * 4)
          .toString('utf8');
  text = text.slice(0, BODY_PREVIEW_CHARS);
  const values = Object.values(fields)
    .filter((value) => value.length >= MASK_MIN_CHARS)
    .sort((a, b) => b.length - a.length)
    .map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // Literal alternatives on at most BODY_PREVIEW_CHARS characters: no backtracking hazard.
  return values.length === 0
    ? text
    : text.replace(new RegExp(values.join('|'), 'gi'), '[lead field]');
}

interface Served {
  destination: DestinationRuntime;
  queue: Queue;
  autoPause: AutoPause;
}

/**
 * Starts one BullMQ worker per served destination, so a slow or dead buyer only ever holds
 * its own queue. Each job: load the lead, render, send, classify, record the attempt once,
 * enqueue the route step. A re-run job whose attempt is already recorded skips the send.
 */
export function startDeliveryWorkers(options: DeliveryWorkersOptions): DeliveryWorkers {
  const { catalog, store, queues, logger, metrics } = options;
  const client = createHttpClient();
  const served: Served[] = catalog.select(options.destinations).map((destination) => {
    const queue = queues.get(destination.queueName);
    const autoPause = new AutoPause(
      options.connection,
      options.prefix,
      queue,
      destination,
      logger,
      metrics,
    );
    return { destination, queue, autoPause };
  });

  async function attemptDelivery(
    { destination, queue, autoPause }: Served,
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
        ? { outcome: 'error' as const, reason: exchange.reason, retryAfterMs: undefined }
        : isRedirect(exchange.response.status)
          ? {
              outcome: 'error' as const,
              reason: `HTTP ${exchange.response.status} redirect not followed: configure the final URL`,
              retryAfterMs: undefined,
            }
          : destination.parser.classify(exchange.response, {
              errorStatuses: config.errorStatuses,
              maxResponseBytes: config.maxResponseBytes,
              nowMs,
            });
    const httpStatus = exchange.kind === 'response' ? exchange.response.status : null;

    const record: AttemptRecord = {
      destinationId: config.id,
      destinationIndex: data.destinationIndex,
      attempt: data.attempt,
      outcome: classification.outcome,
      reason: classification.reason,
      httpStatus,
      durationMs: exchange.durationMs,
      at: new Date(nowMs).toISOString(),
      ...(classification.retryAfterMs === undefined
        ? {}
        : { retryAfterMs: classification.retryAfterMs }),
    };
    const stored = await store.recordAttempt(data.leadId, record);
    const labels = { campaign: data.campaignId, destination: config.id, outcome: record.outcome };
    metrics?.deliveries.inc(labels);
    metrics?.deliveryDuration.observe(labels, record.durationMs / 1000);
    log.info(
      { outcome: record.outcome, httpStatus, durationMs: record.durationMs },
      'delivery attempted',
    );
    // Masking the preview walks every field and builds a pattern: only when it is logged.
    if (log.isLevelEnabled('debug')) {
      log.debug(
        { buyerBodyPreview: bodyPreview(exchange, view.fields) },
        'buyer answer (truncated)',
      );
    }

    if (
      httpStatus !== null &&
      SLOW_DOWN_STATUSES.has(httpStatus) &&
      record.retryAfterMs !== undefined
    ) {
      // The buyer asked every sender to wait: hold the whole queue, within the retry cap.
      const holdMs = Math.min(record.retryAfterMs, config.retry.maxDelayMs);
      await queue.rateLimit(holdMs);
      log.warn({ holdMs, httpStatus }, 'destination slowed down by Retry-After');
    }
    await autoPause.record(record.outcome);
    return stored;
  }

  const workers = served.map((entry) => {
    const { destination } = entry;
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
      const record = await attemptDelivery(entry, data, log);
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
    const { rateLimit } = destination.config;
    const worker = new Worker<DeliveryJobData>(destination.queueName, processor, {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: destination.config.concurrency,
      limiter: rateLimit ? { max: rateLimit.max, duration: rateLimit.perMs } : UNBOUNDED_LIMITER,
      ...jobWorkerOptions(options.jobLockMs),
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

  const pausable = served.filter((entry) => entry.autoPause.enabled);
  const pauseTimer =
    pausable.length === 0
      ? undefined
      : setInterval(() => {
          for (const entry of pausable) {
            entry.autoPause
              .tick()
              .catch((error: unknown) => logger.warn({ err: error }, 'auto-pause check failed'));
          }
        }, options.pauseCheckIntervalMs ?? 500);
  pauseTimer?.unref();

  logger.info(
    { queues: served.map((entry) => entry.destination.queueName) },
    'delivery workers started',
  );
  return {
    queueNames: served.map((entry) => entry.destination.queueName),
    running: () => workers.every((worker) => worker.isRunning()),
    close: (timeoutMs) => {
      clearInterval(pauseTimer);
      return closeWithin(() => Promise.all(workers.map((w) => w.close())), timeoutMs);
    },
  };
}
