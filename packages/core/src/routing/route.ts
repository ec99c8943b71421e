import type { Behavior, CampaignConfig, DestinationConfig } from '../config/types.js';
import { nextRetry } from '../retry/next-retry.js';
import type {
  AttemptOutcome,
  DestinationState,
  LeadStatus,
  RoutingAction,
  RoutingDecision,
  RoutingState,
} from './types.js';

/** Reason recorded on a destination whose retry policy ran out. */
export const RETRIES_EXHAUSTED_REASON = 'retries exhausted';

/** A destination the lead has not reached: the state every destination starts in. */
export const IDLE_DESTINATION: Readonly<DestinationState> = Object.freeze({
  status: 'idle',
  attempts: 0,
  pendingAttempt: null,
  dueAtMs: null,
  firstAttemptAtMs: null,
  outcome: null,
  reason: null,
  advanced: false,
});

function idleDestination(): DestinationState {
  return { ...IDLE_DESTINATION };
}

/**
 * The state of a newly accepted lead: its first destination is queued for attempt 1.
 * The caller enqueues the returned delivery.
 */
export function startRouting(campaign: CampaignConfig): {
  state: RoutingState;
  actions: RoutingAction[];
} {
  const destinations = campaign.destinations.map(idleDestination);
  const first = destinations[0];
  if (!first) throw new RangeError(`campaign ${campaign.id} has no destinations`);
  first.status = 'queued';
  first.pendingAttempt = 1;
  return {
    state: { status: 'pending', destinations, settledAtMs: null },
    actions: [{ type: 'deliver', destinationIndex: 0, attempt: 1, delayMs: 0 }],
  };
}

function advances(behavior: Behavior): boolean {
  return behavior === 'continue' || behavior === 'continue_retry_later';
}

function retriesLater(behavior: Behavior): boolean {
  return behavior === 'continue_retry_later' || behavior === 'stop_retry_later';
}

/**
 * The final status once nothing is in flight: delivered when at least `deliveredWhen`
 * destinations answered success; rejected when fewer did but some buyer answered (success or
 * failure); error when every destination reached ended in error.
 */
export function finalStatus(
  campaign: CampaignConfig,
  destinations: readonly DestinationState[],
): Exclude<LeadStatus, 'pending' | 'invalid'> {
  const successes = destinations.filter((d) => d.outcome === 'success').length;
  if (successes >= campaign.deliveredWhen) return 'delivered';
  const answered = destinations.some((d) => d.outcome === 'success' || d.outcome === 'failure');
  return answered ? 'rejected' : 'error';
}

function inFlight(destination: DestinationState): boolean {
  return destination.status === 'queued' || destination.status === 'retrying';
}

/**
 * Applies one attempt's outcome to a lead's routing state: the one routing decision of
 * leadrelay (DESIGN.md "Behavior semantics"). Pure: `nowMs` and `random` (0..1, for retry
 * jitter) come from the caller.
 *
 * An outcome for an attempt that is not the destination's pending attempt (a re-run route job,
 * a second router) is answered `duplicate` and changes nothing, so a lead advances past a
 * destination at most once and an attempt is routed at most once.
 */
export function applyOutcome(
  campaign: CampaignConfig,
  state: RoutingState,
  event: AttemptOutcome,
  nowMs: number,
  random: number,
): RoutingDecision {
  const config: DestinationConfig | undefined = campaign.destinations[event.destinationIndex];
  const current = state.destinations[event.destinationIndex];
  if (!config || !current) return { kind: 'duplicate', reason: 'unknown_destination' };
  if (!inFlight(current)) return { kind: 'duplicate', reason: 'not_pending' };
  if (current.pendingAttempt !== event.attempt)
    return { kind: 'duplicate', reason: 'already_routed' };

  const destinations = state.destinations.map((d) => ({ ...d }));
  const destination = destinations[event.destinationIndex] as DestinationState;
  const actions: RoutingAction[] = [];
  destination.attempts = event.attempt;
  destination.firstAttemptAtMs ??= event.atMs;
  destination.outcome = event.outcome;
  destination.reason = event.reason;
  destination.pendingAttempt = null;
  destination.dueAtMs = null;
  destination.status = 'done';

  const behavior = config.behavior[event.outcome];
  let moveOn = advances(behavior);
  let retriesExhausted = false;
  if (retriesLater(behavior)) {
    const retry = nextRetry(config.retry, {
      attempt: event.attempt,
      firstAttemptAtMs: destination.firstAttemptAtMs,
      nowMs,
      ...(event.retryAfterMs === undefined ? {} : { retryAfterMs: event.retryAfterMs }),
      random,
    });
    if (retry.retry) {
      destination.status = 'retrying';
      destination.pendingAttempt = event.attempt + 1;
      destination.dueAtMs = nowMs + retry.delayMs;
      actions.push({
        type: 'deliver',
        destinationIndex: event.destinationIndex,
        attempt: event.attempt + 1,
        delayMs: retry.delayMs,
      });
    } else {
      retriesExhausted = true;
      destination.reason = RETRIES_EXHAUSTED_REASON;
      moveOn = moveOn || config.onRetriesExhausted === 'continue';
    }
  }

  const nextIndex = event.destinationIndex + 1;
  const next = destinations[nextIndex];
  if (moveOn && !destination.advanced) {
    destination.advanced = true;
    if (next && next.status === 'idle') {
      next.status = 'queued';
      next.pendingAttempt = 1;
      actions.push({ type: 'deliver', destinationIndex: nextIndex, attempt: 1, delayMs: 0 });
    }
  }

  let status: LeadStatus = 'pending';
  let settledAtMs: number | null = null;
  if (!destinations.some(inFlight)) {
    status = finalStatus(campaign, destinations);
    settledAtMs = nowMs;
    actions.push({ type: 'settle', status });
  }
  return {
    kind: 'applied',
    state: { status, destinations, settledAtMs },
    actions,
    retriesExhausted,
  };
}

/**
 * The deliveries that must exist for a state: one per queued or scheduled destination. Used to
 * re-issue jobs idempotently when a router died between saving a decision and enqueuing it.
 */
export function pendingDeliveries(state: RoutingState, nowMs: number): RoutingAction[] {
  const actions: RoutingAction[] = [];
  state.destinations.forEach((destination, destinationIndex) => {
    if (!inFlight(destination) || destination.pendingAttempt === null) return;
    const delayMs = destination.dueAtMs === null ? 0 : Math.max(0, destination.dueAtMs - nowMs);
    actions.push({
      type: 'deliver',
      destinationIndex,
      attempt: destination.pendingAttempt,
      delayMs,
    });
  });
  return actions;
}
