/**
 * Reasons as stored on a lead: the buyer's own words when any were extracted, else the
 * configured default, else a generated one that names the HTTP status and what was missing —
 * never a bare "unknown" (DESIGN.md "Response parsing" 6).
 */
import { MAX_REASON_LENGTH, MAX_REASON_VALUES } from './limits.js';
import { describeStatus } from './status.js';

/**
 * Joins extracted values into one reason: each trimmed with inner whitespace runs collapsed to
 * one space, empty ones dropped, exact repeats dropped, document order kept, joined with ", ",
 * cut to `MAX_REASON_LENGTH` characters. undefined when nothing is left.
 */
export function joinReasons(values: readonly string[]): string | undefined {
  const kept: string[] = [];
  for (const value of values.slice(0, MAX_REASON_VALUES)) {
    // Each value is cut first so that collapsing whitespace never walks a huge buyer text.
    const clean = value
      .slice(0, MAX_REASON_LENGTH * 2)
      .replace(/\s+/g, ' ')
      .trim();
    if (clean !== '' && !kept.includes(clean)) kept.push(clean);
  }
  return kept.length === 0 ? undefined : truncate(kept.join(', '));
}

/** Cuts `text` to `MAX_REASON_LENGTH` characters, ending in "…" when cut. */
export function truncate(text: string): string {
  return text.length <= MAX_REASON_LENGTH ? text : `${text.slice(0, MAX_REASON_LENGTH - 1)}…`;
}

/**
 * A generated reason: `HTTP <status> <phrase>: <what was decided>; no reason found (<what was
 * missing>)`, e.g. "HTTP 200 OK: successPattern did not match; no reason found (reasonPattern
 * did not match)".
 */
export function generatedReason(status: number, decided: string, missing: string): string {
  return statusReason(status, `${decided}; no reason found (${missing})`);
}

/** `HTTP <status> <phrase>: <what>`, cut to `MAX_REASON_LENGTH`. */
export function statusReason(status: number, what: string): string {
  return truncate(`${describeStatus(status)}: ${what}`);
}
