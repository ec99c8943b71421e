import type { Outcome, StatusMatcher } from '../config/types.js';
import type { DecodedBody } from './content.js';

/** Response headers as HTTP clients hand them over; names in any case. */
export type ResponseHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A buyer's answer as captured off the wire. */
export interface CapturedResponse {
  /** HTTP status code; anything outside 100–599 is classified `error`. */
  status: number;
  headers: ResponseHeaders;
  /**
   * A Buffer holds the bytes as sent: still compressed when `content-encoding` says so, in the
   * charset of `content-type`. A string is taken as already decoded text (content-encoding is
   * then ignored).
   */
  body: Buffer | Uint8Array | string;
}

/** What a response meant. */
export interface Classification {
  outcome: Outcome;
  /**
   * null on success; on failure and error always a non-empty text, at most
   * `MAX_REASON_LENGTH` characters: the buyer's reasons, the configured default, or a generated
   * one that names the HTTP status and what was missing.
   */
  reason: string | null;
  /**
   * Milliseconds to wait before retrying, from a valid `Retry-After` header (seconds or
   * HTTP-date, relative to `ClassifyOptions.nowMs`, never negative). Absent when the header is
   * absent or invalid. Set whatever the outcome; the router decides whether to honor it.
   */
  retryAfterMs?: number;
}

/** Per-destination settings for one classification. */
export interface ClassifyOptions {
  /** Statuses classified `error` before the body is read, e.g. `[408, 429, "5xx"]`. */
  errorStatuses: readonly StatusMatcher[];
  /**
   * Largest body accepted, in bytes, both as received and after decompression; larger is an
   * error "response too large". Not a positive finite number → `DEFAULT_MAX_RESPONSE_BYTES`.
   */
  maxResponseBytes: number;
  /** The current time (ms since the epoch), used to resolve an HTTP-date Retry-After. */
  nowMs: number;
}

/** A parser built once from validated configuration, used for every response. */
export interface CompiledParser {
  /** Never throws: anything unexpected becomes `error` with reason "parser failure: …". */
  classify(response: CapturedResponse, options: ClassifyOptions): Classification;
}

/** What a parser decided from the body alone (the shared pipeline adds Retry-After). */
export interface Decision {
  outcome: Outcome;
  reason: string | null;
}

/** The body-reading half of a parser; the shared pipeline handles status, size and decoding. */
export interface BodyParser {
  decide(body: DecodedBody, status: number): Decision;
}
