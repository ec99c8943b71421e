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

function compactDestination(destination: DestinationState): Partial<DestinationState> {
  const compact: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(destination)) {
    if (value !== IDLE[name as keyof DestinationState]) compact[name] = value;
  }
  return compact as Partial<DestinationState>;
}
