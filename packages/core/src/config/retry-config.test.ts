import { CLASSIC_RETRY_POLICY, DEFAULT_RETRY_POLICY } from '../retry/policy.js';
import type { RetryPolicy } from './types.js';
import { validateRetry } from './retry-config.js';
import { collect } from './test-support/fixtures.js';

describe('validateRetry', () => {
  const valid: [string, unknown, RetryPolicy][] = [
    ['absent', undefined, { ...DEFAULT_RETRY_POLICY }],
    ['empty', {}, { ...DEFAULT_RETRY_POLICY }],
    ['classic preset', { preset: 'classic' }, { ...CLASSIC_RETRY_POLICY }],
    [
      'preset with an override',
      { preset: 'classic', maxAgeMs: 86_400_000 },
      { ...CLASSIC_RETRY_POLICY, maxAgeMs: 86_400_000 },
    ],
    [
      'explicit fields over the defaults',
      { backoff: 'fixed', delayMs: 30_000, maxAttempts: 3, jitter: 0 },
      { ...DEFAULT_RETRY_POLICY, backoff: 'fixed', delayMs: 30_000, maxAttempts: 3, jitter: 0 },
    ],
    [
      'everything',
      { backoff: 'exponential', delayMs: 1, maxDelayMs: 1, maxAttempts: 1, maxAgeMs: 1, jitter: 1 },
      { backoff: 'exponential', delayMs: 1, maxDelayMs: 1, maxAttempts: 1, maxAgeMs: 1, jitter: 1 },
    ],
  ];

  test.each(valid)('valid: %s', (_name, raw, expected) => {
    const { value, issues } = collect((c) => validateRetry(c, raw, ['r']));
    expect(issues).toEqual([]);
    expect(value).toEqual(expected);
  });

  const invalid: [string, unknown, string[]][] = [
    [
      'not an object',
      'classic',
      ['r: must be an object, such as { preset: classic } or { backoff: fixed, delayMs: 60000 }'],
    ],
    ['unknown preset', { preset: 'modern' }, ['r.preset: must be one of classic']],
    ['bad backoff', { backoff: 'linear' }, ['r.backoff: must be one of fixed, exponential']],
    ['zero delay', { delayMs: 0 }, ['r.delayMs: must be an integer from 1 to 2147483647']],
    [
      'fractional attempts',
      { maxAttempts: 2.5 },
      ['r.maxAttempts: must be an integer from 1 to 1000000'],
    ],
    [
      'age beyond a year',
      { maxAgeMs: 4e10 },
      ['r.maxAgeMs: must be an integer from 1 to 31536000000'],
    ],
    ['jitter above 1', { jitter: 1.5 }, ['r.jitter: must be a number from 0 to 1']],
    ['jitter as text', { jitter: '0.2' }, ['r.jitter: must be a number from 0 to 1']],
    ['typo', { maxAttempt: 3 }, ['r.maxAttempt: unknown key (did you mean maxAttempts?)']],
    [
      'delay above the default cap',
      { delayMs: 7_200_000 },
      ['r.delayMs: must be at most maxDelayMs (3600000)'],
    ],
    [
      'cap below the delay',
      { delayMs: 60_000, maxDelayMs: 1_000 },
      ['r.maxDelayMs: must be at least delayMs (60000)'],
    ],
  ];

  test.each(invalid)('invalid: %s', (_name, raw, expected) => {
    const { issues } = collect((c) => validateRetry(c, raw, ['r']));
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual(expected);
  });
});
