import { IDLE_DESTINATION as IDLE } from './route.js';
import type { DestinationState, RoutingState } from './types.js';

/**
 * The stored form of a routing state. A lead keeps its state for its whole retention, so the
 * text is kept short: a destination field that holds its idle value (`status: 'idle'`, `0`,
 * `null`, `false`) is left out and filled back in on reading. Three destinations of a new lead
 * take ~90 bytes instead of ~430, which keeps a pending lead small in Redis.
 *
 * Reading accepts the full form too (every field present), which is what earlier versions
 * wrote, so leads stored before an upgrade route on unchanged.
 */
export function encodeRoutingState(state: RoutingState): string {
  return JSON.stringify({
    status: state.status,
    destinations: state.destinations.map(compactDestination),
    ...(state.settledAtMs === null ? {} : { settledAtMs: state.settledAtMs }),
  });
}

/** Parses what `encodeRoutingState` (or an earlier version's full JSON) wrote. */
export function decodeRoutingState(text: string): RoutingState {
  const stored = JSON.parse(text) as {
    status: RoutingState['status'];
    destinations: Partial<DestinationState>[];
    settledAtMs?: number | null;
  };
  return {
    status: stored.status,
    destinations: stored.destinations.map((destination) => ({ ...IDLE, ...destination })),
    settledAtMs: stored.settledAtMs ?? null,
  };
}

/** The destination's fields that differ from idle, checked one by one (once per lead write). */
function compactDestination(destination: DestinationState): Partial<DestinationState> {
  const compact: Partial<DestinationState> = {};
  if (destination.status !== IDLE.status) compact.status = destination.status;
  if (destination.attempts !== IDLE.attempts) compact.attempts = destination.attempts;
  if (destination.pendingAttempt !== null) compact.pendingAttempt = destination.pendingAttempt;
  if (destination.dueAtMs !== null) compact.dueAtMs = destination.dueAtMs;
  if (destination.firstAttemptAtMs !== null)
    compact.firstAttemptAtMs = destination.firstAttemptAtMs;
  if (destination.outcome !== null) compact.outcome = destination.outcome;
  if (destination.reason !== null) compact.reason = destination.reason;
  if (destination.advanced) compact.advanced = true;
  return compact;
}
