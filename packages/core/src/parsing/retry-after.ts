/**
 * `Retry-After` (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date in one of the three
 * formats of RFC 9110 §5.6.7 (IMF-fixdate, the obsolete RFC 850 form, asctime).
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// The header is short; anything longer is not one of the grammars below.
const MAX_VALUE_LENGTH = 64;
// Up to 15 digits keeps seconds * 1000 a safe integer.
const DELAY_SECONDS = /^[0-9]{1,15}$/;
const IMF_FIXDATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{2}) ([A-Z][a-z]{2}) ([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT$/;
const RFC850_DATE =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), ([0-9]{2})-([A-Z][a-z]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT$/;
const ASCTIME_DATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ 0-9][0-9]) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([0-9]{4})$/;

interface DateParts {
  year: number;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

/**
 * Milliseconds to wait according to a `Retry-After` value, relative to `nowMs` (ms since the
 * epoch). A date in the past gives 0. Returns undefined when the value is absent, empty or
 * not valid per RFC 9110 — a malformed header is ignored, never guessed at. For a repeated
 * header the first value counts.
 */
export function parseRetryAfter(
  value: string | readonly string[] | undefined,
  nowMs: number,
): number | undefined {
  const raw = typeof value === 'string' ? value : value?.[0];
  if (raw === undefined || raw.length > MAX_VALUE_LENGTH) return undefined;
  const text = raw.trim();

  if (DELAY_SECONDS.test(text)) return Number(text) * 1000;

  const dateMs = parseHttpDate(text, nowMs);
  if (dateMs === undefined || !Number.isFinite(nowMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}

/** Parses an HTTP-date (RFC 9110 §5.6.7) to ms since the epoch; undefined when invalid. */
function parseHttpDate(text: string, nowMs: number): number | undefined {
  const parts = matchDate(text, nowMs);
  if (parts === undefined) return undefined;

  const month = MONTHS.indexOf(parts.month);
  const [day, hour, minute, second] = [parts.day, parts.hour, parts.minute, parts.second].map(
    Number,
  ) as [number, number, number, number];
  // A leap second (60) is allowed by the grammar; Date.UTC carries it into the next minute.
  if (month < 0 || hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(parts.year, month, day, hour, minute, second);
  // Rejects impossible days such as 31 Feb, which Date.UTC would silently roll over.
  if (new Date(Date.UTC(parts.year, month, day)).getUTCDate() !== day) return undefined;
  return ms;
}

function matchDate(text: string, nowMs: number): DateParts | undefined {
  const imf = IMF_FIXDATE.exec(text);
  if (imf !== null) {
    const [, day = '', month = '', year = '', hour = '', minute = '', second = ''] = imf;
    return { year: Number(year), month, day, hour, minute, second };
  }
  const rfc850 = RFC850_DATE.exec(text);
  if (rfc850 !== null) {
    const [, day = '', month = '', year = '', hour = '', minute = '', second = ''] = rfc850;
    return { year: fullYear(Number(year), nowMs), month, day, hour, minute, second };
  }
  const asctime = ASCTIME_DATE.exec(text);
  if (asctime !== null) {
    const [, month = '', day = '', hour = '', minute = '', second = '', year = ''] = asctime;
    return { year: Number(year), month, day: day.trim(), hour, minute, second };
  }
  return undefined;
}

/**
 * RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is the most recent past
 * year with the same last two digits.
 */
function fullYear(twoDigits: number, nowMs: number): number {
  const currentYear = Number.isFinite(nowMs) ? new Date(nowMs).getUTCFullYear() : 2000;
  const century = Math.floor(currentYear / 100) * 100;
  const candidate = century + twoDigits;
  return candidate > currentYear + 50 ? candidate - 100 : candidate;
}
