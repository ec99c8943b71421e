export { Catalog, loadCatalog } from './catalog.js';
export type { DestinationRuntime } from './catalog.js';
export { LEAD_STORE_SCRIPTS, RedisLeadStore } from './lead-store.js';
export type {
  AttemptRecord,
  DeliveryView,
  IdempotencyClaim,
  InvalidLead,
  LeadStore,
  LeadSummary,
  NewLead,
  RoutingView,
} from './lead-store.js';
export { createLogger, LOG_FLUSH_MS, REDACTED_PATHS } from './logger.js';
export type { JobRoleOptions } from './job-role.js';
export type { Logger, LoggerOptions } from './logger.js';
export {
  attemptJobId,
  deliveryQueueName,
  jobOptions,
  jobWorkerOptions,
  KEEP_COMPLETED,
  KEEP_FAILED,
  MAX_STALLED_COUNT,
  QueueSet,
  ROUTE_QUEUE_NAME,
} from './queues.js';
export type { DeliveryJobData, RouteJobData } from './queues.js';
export {
  connectRedis,
  createRedis,
  createRedisCluster,
  parseClusterNodes,
  waitForRedis,
} from './redis.js';
export type { ClusterSeed, ConnectionKind, RedisTarget } from './redis.js';
export { loadSettings, SettingsError } from './settings.js';
export type { Settings } from './settings.js';
export { closeWithin } from './shutdown.js';
export { createMetrics, QUEUE_STATES, registerQueueGauges } from './metrics.js';
export type { Metrics } from './metrics.js';
export { deleteKeys, scanKeys, scanTargets } from './keys.js';
