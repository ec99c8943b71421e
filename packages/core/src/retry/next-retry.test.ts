import { nextRetry, retryDelayMs, type RetryDecision, type RetryInput } from './next-retry.js';
import { CLASSIC_RETRY_POLICY } from './policy.js';
import type { RetryPolicy } from '../config/types.js';

const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const exponential: RetryPolicy = {
  backoff: 'exponential',
  delayMs: MINUTE,
  maxDelayMs: HOUR,
  maxAttempts: 10,
  maxAgeMs: DAY,
  jitter: 0,
};
const fixed: RetryPolicy = { ...exponential, backoff: 'fixed' };
const jittered: RetryPolicy = { ...exponential, jitter: 0.2 };

function input(overrides: Partial<RetryInput>): RetryInput {
  return { attempt: 1, firstAttemptAtMs: T0, nowMs: T0, random: 0.5, ...overrides };
}

describe('nextRetry', () => {
  const cases: [string, RetryPolicy, Partial<RetryInput>, RetryDecision][] = [
    ['fixed: first retry', fixed, { attempt: 1 }, { retry: true, delayMs: MINUTE }],
    ['fixed: same delay later on', fixed, { attempt: 7 }, { retry: true, delayMs: MINUTE }],
    ['exponential: 1st → base', exponential, { attempt: 1 }, { retry: true, delayMs: MINUTE }],
    ['exponential: 2nd → 2x', exponential, { attempt: 2 }, { retry: true, delayMs: 2 * MINUTE }],
    ['exponential: 4th → 8x', exponential, { attempt: 4 }, { retry: true, delayMs: 8 * MINUTE }],
    ['exponential: capped', exponential, { attempt: 8 }, { retry: true, delayMs: HOUR }],
    [
      'exponential: huge attempt numbers stay at the cap',
      { ...exponential, maxAttempts: 100_000, maxAgeMs: 1e12 },
      { attempt: 5000 },
      { retry: true, delayMs: HOUR },
    ],
    ['jitter: random 0 → lowest', jittered, { random: 0 }, { retry: true, delayMs: 48_000 }],
    ['jitter: random 0.5 → middle', jittered, { random: 0.5 }, { retry: true, delayMs: MINUTE }],
    ['jitter: random 1 → highest', jittered, { random: 1 }, { retry: true, delayMs: 72_000 }],
    [
      'jitter never goes above the cap',
      jittered,
      { attempt: 9, random: 1 },
      { retry: true, delayMs: HOUR },
    ],
    [
      'jitter spreads delays below the cap',
      jittered,
      { attempt: 9, random: 0 },
      { retry: true, delayMs: 0.8 * HOUR },
    ],
    [
      'Retry-After longer than the delay wins',
      exponential,
      { retryAfterMs: 5 * MINUTE },
      { retry: true, delayMs: 5 * MINUTE },
    ],
    [
      'Retry-After shorter than the delay is ignored',
      exponential,
      { attempt: 3, retryAfterMs: 1000 },
      { retry: true, delayMs: 4 * MINUTE },
    ],
    [
      'Retry-After is held to the cap',
      exponential,
      { retryAfterMs: 10 * HOUR },
      { retry: true, delayMs: HOUR },
    ],
    [
      'Retry-After that is not finite is ignored',
      exponential,
      { retryAfterMs: Number.NaN },
      { retry: true, delayMs: MINUTE },
    ],
    [
      'attempt below maxAttempts retries',
      exponential,
      { attempt: 9, nowMs: T0 + HOUR },
      { retry: true, delayMs: HOUR },
    ],
    [
      'attempt equal to maxAttempts is exhausted',
      exponential,
      { attempt: 10 },
      { retry: false, exhausted: 'max_attempts' },
    ],
    [
      'attempt beyond maxAttempts is exhausted',
      exponential,
      { attempt: 11 },
      { retry: false, exhausted: 'max_attempts' },
    ],
    [
      'maxAttempts 1 never retries',
      { ...exponential, maxAttempts: 1 },
      { attempt: 1 },
      { retry: false, exhausted: 'max_attempts' },
    ],
    [
      'landing exactly at the maximum age is allowed',
      fixed,
      { attempt: 2, nowMs: T0 + DAY - MINUTE },
      { retry: true, delayMs: MINUTE },
    ],
    [
      'landing past the maximum age is exhausted',
      fixed,
      { attempt: 2, nowMs: T0 + DAY - MINUTE + 1 },
      { retry: false, exhausted: 'max_age' },
    ],
    [
      'a long Retry-After can exhaust the maximum age',
      { ...fixed, maxAgeMs: 10 * MINUTE },
      { retryAfterMs: 11 * MINUTE },
      { retry: false, exhausted: 'max_age' },
    ],
    [
      'max attempts is checked before max age',
      exponential,
      { attempt: 10, nowMs: T0 + 2 * DAY },
      { retry: false, exhausted: 'max_attempts' },
    ],
    [
      'classic: retries each minute',
      CLASSIC_RETRY_POLICY,
      { attempt: 5000, nowMs: T0 + 4999 * MINUTE, random: 0.9 },
      { retry: true, delayMs: MINUTE },
    ],
    [
      'classic: the last retry of the week is allowed',
      CLASSIC_RETRY_POLICY,
      { attempt: 10_080, nowMs: T0 + 7 * DAY - MINUTE },
      { retry: true, delayMs: MINUTE },
    ],
    [
      'classic: exhausted after 10081 attempts',
      CLASSIC_RETRY_POLICY,
      { attempt: 10_081, nowMs: T0 + 7 * DAY - MINUTE },
      { retry: false, exhausted: 'max_attempts' },
    ],
    [
      'classic: exhausted after 7 days when attempts ran late',
      CLASSIC_RETRY_POLICY,
      { attempt: 9000, nowMs: T0 + 7 * DAY },
      { retry: false, exhausted: 'max_age' },
    ],
  ];

  test.each(cases)('%s', (_name, policy, overrides, expected) => {
    expect(nextRetry(policy, input(overrides))).toEqual(expected);
  });

  const invalid: [string, Partial<RetryInput>][] = [
    ['attempt 0', { attempt: 0 }],
    ['fractional attempt', { attempt: 1.5 }],
    ['random below 0', { random: -0.1 }],
    ['random above 1', { random: 1.1 }],
    ['random NaN', { random: Number.NaN }],
  ];

  test.each(invalid)('rejects %s', (_name, overrides) => {
    expect(() => nextRetry(exponential, input(overrides))).toThrow(RangeError);
  });
});

describe('retryDelayMs', () => {
  test('rounds to whole milliseconds', () => {
    expect(retryDelayMs({ ...fixed, delayMs: 1000, jitter: 0.2 }, 1, 0.123)).toBe(849);
  });

  test('a zero jitter ignores the random number', () => {
    expect(retryDelayMs(exponential, 3, 0)).toBe(retryDelayMs(exponential, 3, 1));
  });
});
