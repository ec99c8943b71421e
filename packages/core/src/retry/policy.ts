import type { RetryPolicy } from '../config/types.js';

/**
 * The retry policy a destination gets when its config has no `retry`: exponential backoff from
 * 1 minute (60000 ms), capped at 1 hour (3600000 ms) per delay, at most 10 attempts (the first
 * included) within 1 day (86400000 ms) of the first attempt, each delay jittered by ±20 %.
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  backoff: 'exponential',
  delayMs: 60_000,
  maxDelayMs: 3_600_000,
  maxAttempts: 10,
  maxAgeMs: 86_400_000,
  jitter: 0.2,
});

/**
 * LeadConduit Classic's retry schedule: an error is retried once a minute for 7 days. That is a
 * fixed 60000 ms delay, a maximum age of 7 days (604800000 ms) and 10081 attempts (one per
 * minute of the week, 10080, plus the first), with no jitter so the cadence stays on the minute.
 */
export const CLASSIC_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  backoff: 'fixed',
  delayMs: 60_000,
  maxDelayMs: 60_000,
  maxAttempts: 7 * 24 * 60 + 1,
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  jitter: 0,
});

/** Named retry policies a destination may ask for with `retry: { preset: … }`. */
export type RetryPreset = 'classic';

/** Every preset name, in the order error messages list them. */
export const RETRY_PRESETS: readonly RetryPreset[] = ['classic'];

/**
 * A retry policy as written in configuration: an optional preset (default: none, meaning
 * {@link DEFAULT_RETRY_POLICY}) and any fields that override it.
 */
export interface RetryOptions extends Partial<RetryPolicy> {
  preset?: RetryPreset;
}

/**
 * Resolves written retry options to a complete policy: the preset's values (or the defaults),
 * overridden by every field that is set. Values are taken as given; the configuration
 * validator checks their ranges before calling this.
 */
export function resolveRetryPolicy(options: RetryOptions = {}): RetryPolicy {
  const { preset, ...overrides } = options;
  const base = preset === 'classic' ? CLASSIC_RETRY_POLICY : DEFAULT_RETRY_POLICY;
  const resolved: RetryPolicy = { ...base };

  for (const key of Object.keys(overrides) as (keyof RetryPolicy)[]) {
    const value = overrides[key];
    if (value !== undefined) Object.assign(resolved, { [key]: value });
  }
  return resolved;
}
