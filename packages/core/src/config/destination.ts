import { validateParserConfig } from '../parsing/index.js';
import { formatPath } from '../errors.js';
import { BEHAVIORS, OUTCOMES } from './types.js';
import type {
  Behavior,
  DestinationConfig,
  Outcome,
  ParserConfig,
  RequestFormat,
  StatusMatcher,
} from './types.js';
import {
  IssueCollector,
  checkKeys,
  isRawObject,
  own,
  readEnum,
  readInteger,
  readId,
  readString,
  type Path,
  type RawObject,
} from './issues.js';
import { checkUrl, isXmlName, validateBody, validateHeaders } from './request-config.js';
import { validateRetry } from './retry-config.js';

const DESTINATION_KEYS = [
  'id',
  'url',
  'method',
  'format',
  'body',
  'xmlRoot',
  'headers',
  'timeoutMs',
  'parser',
  'errorStatuses',
  'behavior',
  'retry',
  'onRetriesExhausted',
  'concurrency',
  'maxResponseBytes',
  'rateLimit',
  'pauseAfterConsecutiveErrors',
  'pauseCooldownMs',
];

/** Behavior per outcome when a destination sets none: the exclusive waterfall. */
export const DEFAULT_BEHAVIOR: Readonly<Record<Outcome, Behavior>> = Object.freeze({
  success: 'stop',
  failure: 'continue',
  error: 'stop_retry_later',
});

/** HTTP statuses that are an `error` when a destination sets none. */
export const DEFAULT_ERROR_STATUSES: readonly StatusMatcher[] = Object.freeze([408, 429, '5xx']);

/** Limits and defaults of a destination's numeric settings. */
export const DESTINATION_LIMITS = {
  /** Request timeout, ms: default 5000, 1..120000. */
  timeoutMs: { min: 1, max: 120_000, fallback: 5_000 },
  /** Deliveries in flight per worker process: default 10, 1..1000. */
  concurrency: { min: 1, max: 1_000, fallback: 10 },
  /**
   * Response size cap, bytes: default 1 MiB, 1 byte..10 MiB. Classification runs on the worker's
   * event loop (about 0.25 s per MiB for a capture over the whole body), so the cap bounds it.
   */
  maxResponseBytes: { min: 1, max: 10_485_760, fallback: 1_048_576 },
  /** Errors in a row before an auto-pause: default 0 (off), 0..100000. */
  pauseAfterConsecutiveErrors: { min: 0, max: 100_000, fallback: 0 },
  /** Auto-pause length, ms: default 60000, 100 ms..1 day. */
  pauseCooldownMs: { min: 100, max: 86_400_000, fallback: 60_000 },
} as const;

/** Bounds of `rateLimit`: `max` deliveries per `perMs`. */
const RATE_LIMIT_BOUNDS = { max: { min: 1, max: 1_000_000 }, perMs: { min: 1, max: 86_400_000 } };

const FORMATS: readonly RequestFormat[] = ['form', 'json', 'xml', 'query'];
const EXHAUSTED: readonly DestinationConfig['onRetriesExhausted'][] = ['stop', 'continue'];

/**
 * Validates one destination and fills in its defaults: method POST, format form (query for
 * GET; GET with a body format is an issue), body `{}`, xmlRoot `lead`, headers `{}`, the
 * {@link DESTINATION_LIMITS}, errorStatuses {@link DEFAULT_ERROR_STATUSES}, behavior merged
 * over {@link DEFAULT_BEHAVIOR}, the default retry policy, onRetriesExhausted `stop`. The
 * required `parser` is checked by the response-parsing module at `<path>.parser`.
 */
export function validateDestination(
  issues: IssueCollector,
  raw: unknown,
  path: Path,
): DestinationConfig {
  if (!isRawObject(raw)) {
    issues.add(path, 'must be an object');
    // Defaults for the rest; what an empty object lacks is not worth reporting again.
    return validateDestination(new IssueCollector(), {}, path);
  }
  const object: RawObject = raw;
  checkKeys(issues, object, DESTINATION_KEYS, path);

  const id = readId(issues, object, 'id', path);
  const url = readString(issues, object, 'url', path);
  if (typeof own(object, 'url') === 'string') checkUrl(issues, url, [...path, 'url']);
  const method = readEnum(issues, object, 'method', path, ['POST', 'GET'], 'POST');
  const format = readFormat(issues, object, method, path);
  const body = validateBody(issues, own(object, 'body'), format, [...path, 'body']);
  const xmlRoot = readString(issues, object, 'xmlRoot', path, 'lead');
  if (!isXmlName(xmlRoot)) issues.add([...path, 'xmlRoot'], 'is not a valid XML element name');
  const headers = validateHeaders(issues, own(object, 'headers'), [...path, 'headers']);
  const read = (key: keyof typeof DESTINATION_LIMITS): number =>
    readInteger(issues, object, key, path, DESTINATION_LIMITS[key]);

  return {
    id,
    url,
    method,
    format,
    body,
    xmlRoot,
    headers,
    timeoutMs: read('timeoutMs'),
    parser: readParser(issues, object, path),
    errorStatuses: readErrorStatuses(issues, object, path),
    behavior: readBehavior(issues, object, path),
    retry: validateRetry(issues, own(object, 'retry'), [...path, 'retry']),
    onRetriesExhausted: readEnum(issues, object, 'onRetriesExhausted', path, EXHAUSTED, 'stop'),
    concurrency: read('concurrency'),
    maxResponseBytes: read('maxResponseBytes'),
    ...readRateLimit(issues, object, path),
    pauseAfterConsecutiveErrors: read('pauseAfterConsecutiveErrors'),
    pauseCooldownMs: read('pauseCooldownMs'),
  };
}

function readRateLimit(
  issues: IssueCollector,
  object: RawObject,
  at: Path,
): { rateLimit?: { max: number; perMs: number } } {
  const raw = own(object, 'rateLimit');
  const path = [...at, 'rateLimit'];
  if (raw === undefined) return {};
  if (!isRawObject(raw)) {
    issues.add(path, 'must be an object such as { max: 10, perMs: 1000 }');
    return {};
  }
  checkKeys(issues, raw, ['max', 'perMs'], path);
  return {
    rateLimit: {
      max: readInteger(issues, raw, 'max', path, RATE_LIMIT_BOUNDS.max),
      perMs: readInteger(issues, raw, 'perMs', path, RATE_LIMIT_BOUNDS.perMs),
    },
  };
}

function readFormat(
  issues: IssueCollector,
  object: RawObject,
  method: 'POST' | 'GET',
  path: Path,
): RequestFormat {
  const format = readEnum(
    issues,
    object,
    'format',
    path,
    FORMATS,
    method === 'GET' ? 'query' : 'form',
  );
  if (method === 'GET' && format !== 'query') {
    issues.add([...path, 'format'], 'must be query for GET requests (a GET request has no body)');
    return 'query';
  }
  return format;
}

function readParser(issues: IssueCollector, object: RawObject, path: Path): ParserConfig {
  const fallback: ParserConfig = { kind: 'classic' };
  const raw = own(object, 'parser');
  if (raw === undefined) {
    issues.add([...path, 'parser'], 'is required (kind: classic or search)');
    return fallback;
  }
  const { config, issues: parserIssues } = validateParserConfig(
    raw,
    formatPath([...path, 'parser']),
  );
  issues.addAll(parserIssues);
  return config ?? fallback;
}

const STATUS_CLASS = /^[1-5]xx$/;
const STATUS_CODE = /^[1-5][0-9]{2}$/;

function readErrorStatuses(issues: IssueCollector, object: RawObject, at: Path): StatusMatcher[] {
  const raw = own(object, 'errorStatuses');
  const path = [...at, 'errorStatuses'];
  if (raw === undefined) return [...DEFAULT_ERROR_STATUSES];
  if (!Array.isArray(raw)) {
    issues.add(path, 'must be a list of status codes and classes such as "5xx"');
    return [...DEFAULT_ERROR_STATUSES];
  }

  const statuses: StatusMatcher[] = [];
  raw.forEach((entry, index) => {
    if (typeof entry === 'number' && Number.isInteger(entry) && entry >= 100 && entry <= 599) {
      statuses.push(entry);
    } else if (typeof entry === 'string' && STATUS_CLASS.test(entry)) {
      statuses.push(entry as StatusMatcher);
    } else if (typeof entry === 'string' && STATUS_CODE.test(entry)) {
      statuses.push(Number(entry));
    } else {
      issues.add(
        [...path, index],
        'must be a status code from 100 to 599 or a class from "1xx" to "5xx"',
      );
    }
  });
  return statuses;
}

function readBehavior(
  issues: IssueCollector,
  object: RawObject,
  at: Path,
): Record<Outcome, Behavior> {
  const raw = own(object, 'behavior');
  const path = [...at, 'behavior'];
  const behavior = { ...DEFAULT_BEHAVIOR };
  if (raw === undefined) return behavior;
  if (!isRawObject(raw)) {
    issues.add(path, 'must be an object such as { success: stop, failure: continue }');
    return behavior;
  }

  checkKeys(issues, raw, OUTCOMES, path);
  for (const outcome of OUTCOMES) {
    behavior[outcome] = readEnum(issues, raw, outcome, path, BEHAVIORS, DEFAULT_BEHAVIOR[outcome]);
  }
  return behavior;
}
