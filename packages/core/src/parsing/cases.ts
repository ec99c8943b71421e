/**
 * Response-classification cases (the format of `test-fixtures/response-parsing.json` and of
 * `leadrelay classify`): a parser config, a captured response, optional expectations. Reading
 * and running them is pure, so the CLI stays a thin shell around these two functions.
 */
import { RE2JS } from 're2js';
import type { Outcome, StatusMatcher } from '../config/types.js';
import { OUTCOMES } from '../config/types.js';
import type { ConfigIssue } from '../errors.js';
import { compileParser } from './compile.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './limits.js';
import { validateParserConfig } from './validate.js';

/** The statuses a case treats as errors when it names none. */
export const DEFAULT_CASE_ERROR_STATUSES: readonly StatusMatcher[] = [408, 429, '5xx'];

/** What a case expects; every field optional. */
export interface CaseExpectation {
  outcome?: Outcome;
  /** Compared exactly when present (null: no reason). */
  reason?: string | null;
  /** A regular expression (RE2 syntax) that must match the reason. */
  reasonMatches?: string;
  /** true: the parser config must be rejected when loaded. */
  configError?: boolean;
}

/** One case of a cases file. */
export interface ParsingCase {
  id: string;
  /** Raw parser config, validated when the case runs. */
  parser: unknown;
  /** Default `DEFAULT_CASE_ERROR_STATUSES`. */
  errorStatuses: readonly StatusMatcher[];
  response: { status: number; headers: Record<string, string | string[]>; body: string };
  expect?: CaseExpectation;
}

/** What running a case gave, and how it differs from its expectation. */
export type CaseResult = (
  { id: string; outcome: Outcome; reason: string | null } | { id: string; configError: string }
) & {
  /** True when the case carries expectations. */
  checked: boolean;
  /** One line per unmet expectation; empty when all are met. */
  mismatches: string[];
};

/** Reads a parsed cases file (`{ "cases": [...] }`); issues name paths like `cases[2].id`. */
export function parseCasesFile(raw: unknown): { cases: ParsingCase[]; issues: ConfigIssue[] } {
  const list = isObject(raw) ? raw['cases'] : undefined;
  if (!Array.isArray(list)) {
    return { cases: [], issues: [{ path: 'cases', message: 'must be an array of cases' }] };
  }
  const issues: ConfigIssue[] = [];
  const cases: ParsingCase[] = [];
  list.forEach((item: unknown, index) => {
    const parsed = readCase(item, `cases[${index}]`, issues);
    if (parsed !== undefined) cases.push(parsed);
  });
  return { cases, issues };
}

function readCase(item: unknown, path: string, issues: ConfigIssue[]): ParsingCase | undefined {
  const problem = (where: string, message: string): undefined => {
    issues.push({ path: `${path}${where}`, message });
    return undefined;
  };
  if (!isObject(item)) return problem('', 'must be an object');
  const { id, parser, response, errorStatuses, expect } = item;
  if (typeof id !== 'string' || id === '') return problem('.id', 'must be a non-empty string');
  if (!isObject(response)) return problem('.response', 'must be an object');
  const { status, headers = {}, body = '' } = response;
  if (typeof status !== 'number' || !Number.isInteger(status)) {
    return problem('.response.status', 'must be an integer');
  }
  if (!isObject(headers) || !Object.values(headers).every(isHeaderValue)) {
    return problem('.response.headers', 'must map header names to strings');
  }
  if (typeof body !== 'string') return problem('.response.body', 'must be a string');
  const statuses = errorStatuses ?? DEFAULT_CASE_ERROR_STATUSES;
  if (!Array.isArray(statuses) || !statuses.every(isStatusMatcher)) {
    return problem('.errorStatuses', 'must list statuses such as 429 or "5xx"');
  }
  if (expect !== undefined && !isObject(expect)) return problem('.expect', 'must be an object');
  return {
    id,
    parser,
    errorStatuses: statuses as StatusMatcher[],
    response: { status, headers: headers as Record<string, string | string[]>, body },
    ...(expect === undefined ? {} : { expect: expect as CaseExpectation }),
  };
}

/**
 * Validates and compiles the case's parser, classifies its response (with
 * `maxResponseBytes`, default 1 MiB, and `nowMs`), and compares the result with the case's
 * expectations. A successful result must carry no reason whatever the case expects.
 */
export function runParsingCase(
  parsingCase: ParsingCase,
  options: { nowMs: number; maxResponseBytes?: number },
): CaseResult {
  const { id, expect } = parsingCase;
  const checked = expect !== undefined;
  const { config, issues } = validateParserConfig(parsingCase.parser, 'parser');
  if (config === undefined) {
    const configError = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    const mismatches =
      expect?.configError === true ? [] : [`parser config rejected: ${configError}`];
    return { id, configError, checked, mismatches };
  }

  const { outcome, reason } = compileParser(config).classify(parsingCase.response, {
    errorStatuses: parsingCase.errorStatuses,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    nowMs: options.nowMs,
  });
  return { id, outcome, reason, checked, mismatches: compare(outcome, reason, expect) };
}

function compare(
  outcome: Outcome,
  reason: string | null,
  expect: CaseExpectation | undefined,
): string[] {
  const mismatches: string[] = [];
  if (outcome === 'success' && reason !== null) {
    mismatches.push(`success carries reason ${JSON.stringify(reason)}`);
  }
  if (expect === undefined) return mismatches;
  if (expect.configError === true) {
    mismatches.push('parser config was accepted, expected it rejected');
  }
  if (expect.outcome !== undefined && !OUTCOMES.includes(expect.outcome)) {
    mismatches.push(`expected outcome ${JSON.stringify(expect.outcome)} is not an outcome`);
  } else if (expect.outcome !== undefined && expect.outcome !== outcome) {
    mismatches.push(`outcome ${outcome}, expected ${expect.outcome}`);
  }
  if ('reason' in expect && (expect.reason ?? null) !== reason) {
    mismatches.push(`reason ${JSON.stringify(reason)}, expected ${JSON.stringify(expect.reason)}`);
  }
  if (expect.reasonMatches !== undefined && !reasonMatches(expect.reasonMatches, reason)) {
    mismatches.push(`reason ${JSON.stringify(reason)} does not match /${expect.reasonMatches}/`);
  }
  return mismatches;
}

function reasonMatches(pattern: string, reason: string | null): boolean {
  if (reason === null) return false;
  try {
    return RE2JS.compile(pattern).test(reason);
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHeaderValue(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    (Array.isArray(value) && value.every((item) => typeof item === 'string'))
  );
}

function isStatusMatcher(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value);
  return typeof value === 'string' && /^[1-5]xx$/.test(value);
}
