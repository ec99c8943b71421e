import { parseRetryAfter } from './retry-after.js';

const NOW_MS = Date.UTC(2025, 5, 15, 12, 0, 0);

describe('parseRetryAfter', () => {
  test.each([
    ['delay-seconds', '120', 120_000],
    ['zero seconds', '0', 0],
    ['surrounding whitespace', ' 5 ', 5_000],
    ['a repeated header: the first value', ['30', '60'], 30_000],
    ['IMF-fixdate', 'Sun, 15 Jun 2025 12:01:30 GMT', 90_000],
    ['RFC 850 date', 'Sunday, 15-Jun-25 12:00:10 GMT', 10_000],
    ['asctime date', 'Sun Jun 15 12:00:20 2025', 20_000],
    ['asctime with a one-digit day', 'Mon Jun  2 12:00:00 2025', 0],
    ['a date in the past is 0', 'Sun, 06 Nov 1994 08:49:37 GMT', 0],
    ['a leap second', 'Sun, 15 Jun 2025 12:00:60 GMT', 60_000],
  ] as [string, string | string[], number][])('%s', (_name, value, expectedMs) => {
    expect(parseRetryAfter(value, NOW_MS)).toBe(expectedMs);
  });

  test.each([
    ['absent', undefined],
    ['empty', ''],
    ['negative', '-5'],
    ['fractional', '1.5'],
    ['with a unit', '5s'],
    ['too many digits', '1'.repeat(16)],
    ['a month that does not exist', 'Sun, 15 Foo 2025 12:00:00 GMT'],
    ['an impossible day', 'Mon, 31 Feb 2025 12:00:00 GMT'],
    ['an impossible hour', 'Sun, 15 Jun 2025 24:00:00 GMT'],
    ['a time zone other than GMT', 'Sun, 15 Jun 2025 12:00:00 PST'],
    ['a date format HTTP does not allow', '2025-06-15T12:00:00Z'],
    ['a very long value', `${'9'.repeat(100)}`],
    ['an empty list', []],
  ] as [string, string | string[] | undefined][])('%s is ignored', (_name, value) => {
    expect(parseRetryAfter(value, NOW_MS)).toBeUndefined();
  });

  test('a two-digit year more than 50 years ahead is in the past century (RFC 9110 §5.6.7)', () => {
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', NOW_MS)).toBe(0);
    expect(parseRetryAfter('Tuesday, 15-Jun-27 12:00:00 GMT', NOW_MS)).toBe(
      Date.UTC(2027, 5, 15, 12) - NOW_MS,
    );
  });
});
