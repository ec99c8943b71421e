import {
  CLASSIC_RETRY_POLICY,
  DEFAULT_RETRY_POLICY,
  resolveRetryPolicy,
  type RetryOptions,
} from './policy.js';
import type { RetryPolicy } from '../config/types.js';

describe('resolveRetryPolicy', () => {
  const cases: [string, RetryOptions | undefined, RetryPolicy][] = [
    ['no options gives the defaults', undefined, { ...DEFAULT_RETRY_POLICY }],
    ['empty options give the defaults', {}, { ...DEFAULT_RETRY_POLICY }],
    [
      'fields override the defaults',
      { backoff: 'fixed', maxAttempts: 3 },
      { ...DEFAULT_RETRY_POLICY, backoff: 'fixed', maxAttempts: 3 },
    ],
    ['the classic preset', { preset: 'classic' }, { ...CLASSIC_RETRY_POLICY }],
    [
      'fields override the classic preset',
      { preset: 'classic', maxAgeMs: 3_600_000 },
      { ...CLASSIC_RETRY_POLICY, maxAgeMs: 3_600_000 },
    ],
    [
      'undefined fields do not override',
      { preset: 'classic', delayMs: undefined },
      { ...CLASSIC_RETRY_POLICY },
    ],
  ];

  test.each(cases)('%s', (_name, options, expected) => {
    expect(resolveRetryPolicy(options)).toEqual(expected);
  });

  test('the classic preset retries every minute for 7 days', () => {
    expect(CLASSIC_RETRY_POLICY).toEqual({
      backoff: 'fixed',
      delayMs: 60_000,
      maxDelayMs: 60_000,
      maxAttempts: 10_081,
      maxAgeMs: 604_800_000,
      jitter: 0,
    });
  });

  test('the default policy matches the documented defaults', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      backoff: 'exponential',
      delayMs: 60_000,
      maxDelayMs: 3_600_000,
      maxAttempts: 10,
      maxAgeMs: 86_400_000,
      jitter: 0.2,
    });
  });

  test('the presets cannot be changed and resolving returns a fresh object', () => {
    expect(Object.isFrozen(CLASSIC_RETRY_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).toBe(true);
    expect(resolveRetryPolicy({ preset: 'classic' })).not.toBe(CLASSIC_RETRY_POLICY);
  });
});
