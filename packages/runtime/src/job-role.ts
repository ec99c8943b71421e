import type { Redis } from 'ioredis';
import type { Catalog } from './catalog.js';
import type { LeadStore } from './lead-store.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { QueueSet } from './queues.js';

/** What a role that works off BullMQ queues (delivery workers, router) is started with. */
export interface JobRoleOptions {
  catalog: Catalog;
  store: LeadStore;
  /** Queues the role adds jobs to. */
  queues: QueueSet;
  /** A connection that retries forever (`createRedis(url, 'blocking', …)`). */
  connection: Redis;
  prefix: string;
  logger: Logger;
  metrics?: Metrics;
  /** BullMQ lock and stalled-check period, ms (JOB_LOCK_MS). Default 30000. */
  jobLockMs?: number;
}
