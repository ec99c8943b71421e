export {
  applyOutcome,
  finalStatus,
  pendingDeliveries,
  RETRIES_EXHAUSTED_REASON,
  startRouting,
} from './route.js';
export { decodeRoutingState, encodeRoutingState } from './codec.js';
export type {
  AttemptOutcome,
  DestinationState,
  DestinationStatus,
  LeadStatus,
  RoutingAction,
  RoutingDecision,
  RoutingState,
} from './types.js';
