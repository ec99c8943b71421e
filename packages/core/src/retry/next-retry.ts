import type { RetryPolicy } from '../config/types.js';

/** What the caller knows once a delivery attempt has ended in an outcome to retry. */
export interface RetryInput {
  /** The attempt that just finished, 1-based (the first attempt is 1). */
  attempt: number;
  /** When the first attempt at this destination started, in ms since the epoch. */
  firstAttemptAtMs: number;
  /** Now, in ms since the epoch; supplied by the caller, the core reads no clock. */
  nowMs: number;
  /** The buyer's Retry-After, in ms from now, when it sent one. */
  retryAfterMs?: number;
  /** A random number in [0, 1], supplied by the caller, that picks the jitter. */
  random: number;
}

/** Why a destination gets no further attempt. */
export type RetryExhaustion = 'max_attempts' | 'max_age';

/** Whether to retry, and after how long (ms), or why not. */
export type RetryDecision =
  { retry: true; delayMs: number } | { retry: false; exhausted: RetryExhaustion };

// 2^64 times any positive delay is far beyond any cap, and stays finite (no Infinity or NaN).
const MAX_EXPONENT = 64;

/**
 * Decides whether the attempt that just finished is followed by another, and when.
 *
 * The delay is `delayMs` (fixed) or `delayMs * 2^(attempt - 1)` (exponential), capped at
 * `maxDelayMs`, multiplied by a jitter factor in [1 - jitter, 1 + jitter] picked by `random`,
 * capped again, then raised to `retryAfterMs` when the buyer asked for longer — never above
 * `maxDelayMs`. Rounded to whole ms.
 *
 * Exhausted with `max_attempts` once `attempt >= maxAttempts` (every attempt counts, the first
 * included), or with `max_age` when `nowMs + delay` would pass `firstAttemptAtMs + maxAgeMs`.
 *
 * @throws RangeError when `attempt` is not a positive integer or `random` is not in [0, 1].
 */
export function nextRetry(policy: RetryPolicy, input: RetryInput): RetryDecision {
  const { attempt, random } = input;
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  }
  if (!(random >= 0 && random <= 1)) {
    throw new RangeError(`random must be in [0, 1], got ${random}`);
  }

  if (attempt >= policy.maxAttempts) return { retry: false, exhausted: 'max_attempts' };

  const delayMs = retryDelayMs(policy, attempt, random, input.retryAfterMs);
  if (input.nowMs + delayMs > input.firstAttemptAtMs + policy.maxAgeMs) {
    return { retry: false, exhausted: 'max_age' };
  }
  return { retry: true, delayMs };
}

/**
 * The delay (ms) before the attempt after `attempt`, as described on {@link nextRetry}, without
 * the exhaustion checks. Exposed for schedule previews.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: number,
  retryAfterMs?: number,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), MAX_EXPONENT);
  const baseMs = policy.backoff === 'fixed' ? policy.delayMs : policy.delayMs * 2 ** exponent;

  // Capping before the jitter keeps delays at the cap spread out instead of all equal.
  const factor = 1 - policy.jitter + 2 * policy.jitter * random;
  let delayMs = Math.min(Math.min(baseMs, policy.maxDelayMs) * factor, policy.maxDelayMs);

  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > delayMs) {
    delayMs = Math.min(retryAfterMs, policy.maxDelayMs);
  }
  return Math.max(0, Math.round(delayMs));
}
