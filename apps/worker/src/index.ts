export { idempotencyKey, startDeliveryWorkers } from './delivery-worker.js';
export type { DeliveryWorkers, DeliveryWorkersOptions } from './delivery-worker.js';
export { createHttpClient, send } from './send.js';
export type { Exchange, OutboundRequest, SendOptions } from './send.js';
export { transportReason } from './transport-errors.js';
