import { RETRY_PRESETS, resolveRetryPolicy, type RetryOptions } from '../retry/policy.js';
import type { RetryPolicy } from './types.js';
import {
  checkKeys,
  isRawObject,
  own,
  readEnum,
  readInteger,
  type IssueCollector,
  type Path,
  type RawObject,
} from './issues.js';

const BACKOFFS: readonly RetryPolicy['backoff'][] = ['fixed', 'exponential'];

const RETRY_KEYS = [
  'preset',
  'backoff',
  'delayMs',
  'maxDelayMs',
  'maxAttempts',
  'maxAgeMs',
  'jitter',
];

/** Longest single delay, in ms: Node timers overflow past 2^31 - 1 ms (about 24.8 days). */
export const MAX_RETRY_DELAY_MS = 2_147_483_647;

/** Longest retry window, in ms: 365 days. */
export const MAX_RETRY_AGE_MS = 365 * 24 * 60 * 60 * 1000;

/** Most attempts a destination may make for one lead, the first included. */
export const MAX_RETRY_ATTEMPTS = 1_000_000;

/**
 * Validates a destination's `retry`: `{ preset: classic }`, explicit fields, or both (fields
 * override the preset). Absent means the default policy (see `resolveRetryPolicy`). Ranges:
 * delayMs and maxDelayMs 1..{@link MAX_RETRY_DELAY_MS} with delayMs ≤ maxDelayMs, maxAttempts
 * 1..{@link MAX_RETRY_ATTEMPTS}, maxAgeMs 1..{@link MAX_RETRY_AGE_MS}, jitter 0..1.
 */
export function validateRetry(issues: IssueCollector, raw: unknown, path: Path): RetryPolicy {
  if (raw === undefined) return resolveRetryPolicy();
  if (!isRawObject(raw)) {
    issues.add(
      path,
      'must be an object, such as { preset: classic } or { backoff: fixed, delayMs: 60000 }',
    );
    return resolveRetryPolicy();
  }
  checkKeys(issues, raw, RETRY_KEYS, path);

  const options: RetryOptions = {};
  if (own(raw, 'preset') !== undefined) {
    options.preset = readEnum(issues, raw, 'preset', path, RETRY_PRESETS, 'classic');
  }
  if (own(raw, 'backoff') !== undefined) {
    options.backoff = readEnum(issues, raw, 'backoff', path, BACKOFFS, 'exponential');
  }
  const integer = (key: keyof RetryPolicy, max: number): void => {
    if (own(raw, key) !== undefined) {
      Object.assign(options, { [key]: readInteger(issues, raw, key, path, { min: 1, max }) });
    }
  };
  integer('delayMs', MAX_RETRY_DELAY_MS);
  integer('maxDelayMs', MAX_RETRY_DELAY_MS);
  integer('maxAttempts', MAX_RETRY_ATTEMPTS);
  integer('maxAgeMs', MAX_RETRY_AGE_MS);
  const jitter = readJitter(issues, raw, path);
  if (jitter !== undefined) options.jitter = jitter;

  const policy = resolveRetryPolicy(options);
  if (policy.delayMs > policy.maxDelayMs) {
    if (options.maxDelayMs === undefined) {
      issues.add([...path, 'delayMs'], `must be at most maxDelayMs (${policy.maxDelayMs})`);
    } else {
      issues.add([...path, 'maxDelayMs'], `must be at least delayMs (${policy.delayMs})`);
    }
  }
  return policy;
}

function readJitter(issues: IssueCollector, raw: RawObject, path: Path): number | undefined {
  const value = own(raw, 'jitter');
  if (value === undefined) return undefined;
  if (typeof value === 'number' && value >= 0 && value <= 1) return value;
  issues.add([...path, 'jitter'], 'must be a number from 0 to 1');
  return undefined;
}
