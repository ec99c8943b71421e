import type { Outcome } from '../config/types.js';

/** Final or running status of a lead (DESIGN.md "Lead status"). */
export type LeadStatus = 'pending' | 'delivered' | 'rejected' | 'error' | 'invalid';

/**
 * Where one destination stands for one lead.
 * - `idle`: the lead has not reached this destination (and may never).
 * - `queued`: a delivery of `pendingAttempt` is waiting or running.
 * - `retrying`: a delivery of `pendingAttempt` is scheduled for `dueAtMs`.
 * - `done`: nothing more will happen here.
 */
export type DestinationStatus = 'idle' | 'queued' | 'retrying' | 'done';

export interface DestinationState {
  status: DestinationStatus;
  /** Attempts whose outcome has been routed. */
  attempts: number;
  /** The attempt that is queued or scheduled, or null. Always `attempts + 1` when set. */
  pendingAttempt: number | null;
  /** When the pending attempt is due (epoch ms); null for an immediate delivery. */
  dueAtMs: number | null;
  /** When the first attempt here finished (epoch ms); the origin of the retry policy's max age. */
  firstAttemptAtMs: number | null;
  /** Latest routed outcome and its reason. */
  outcome: Outcome | null;
  reason: string | null;
  /** True once the lead has moved on past this destination; it can happen only once. */
  advanced: boolean;
}

/** The routing state of a lead, the only thing the router changes. */
export interface RoutingState {
  status: LeadStatus;
  destinations: DestinationState[];
  /** When the lead reached a final status (epoch ms). */
  settledAtMs: number | null;
}

/** The outcome of one delivery attempt, as the router receives it. */
export interface AttemptOutcome {
  destinationIndex: number;
  attempt: number;
  outcome: Outcome;
  reason: string | null;
  /** From the buyer's Retry-After, when it sent one. */
  retryAfterMs?: number;
  /** When the attempt finished (epoch ms). */
  atMs: number;
}

/** Something the router must make happen after a decision. */
export type RoutingAction =
  | { type: 'deliver'; destinationIndex: number; attempt: number; delayMs: number }
  | { type: 'settle'; status: Exclude<LeadStatus, 'pending' | 'invalid'> };

/** A decision: the new state and the actions it calls for. */
export type RoutingDecision =
  | { kind: 'applied'; state: RoutingState; actions: RoutingAction[]; retriesExhausted: boolean }
  | { kind: 'duplicate'; reason: 'already_routed' | 'not_pending' | 'unknown_destination' };
