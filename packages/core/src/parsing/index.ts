// Placeholder until the response-parsing module lands; the signatures are the contract.
import type { ConfigIssue } from '../errors.js';
import type { Outcome, ParserConfig, StatusMatcher } from '../config/types.js';

/** A buyer's answer as captured off the wire (body still encoded as sent). */
export interface CapturedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | string;
}

export interface Classification {
  outcome: Outcome;
  /** null on success. */
  reason: string | null;
  /** From a Retry-After header, when present and parseable (ms from `now`). */
  retryAfterMs?: number;
}

export interface ClassifyOptions {
  errorStatuses: readonly StatusMatcher[];
  maxResponseBytes: number;
  /** Used to resolve an HTTP-date Retry-After. */
  nowMs: number;
}

export interface CompiledParser {
  classify(response: CapturedResponse, options: ClassifyOptions): Classification;
}

/** Validates raw parser config at `path`; returns the typed config or the issues found. */
export function validateParserConfig(
  _raw: unknown,
  _path: string,
): { config?: ParserConfig; issues: ConfigIssue[] } {
  throw new Error('not implemented');
}

export function compileParser(_config: ParserConfig): CompiledParser {
  throw new Error('not implemented');
}
