/**
 * Load-time validation of a parser config: shape, types, enums, then every pattern and path
 * compiled as it will run. Each issue names its exact config path.
 */
import { OUTCOMES } from '../config/types.js';
import type {
  ClassicParserConfig,
  Outcome,
  ParserConfig,
  SearchParserConfig,
} from '../config/types.js';
import type { ConfigIssue } from '../errors.js';
import { CLASSIC_KEYS, compileClassic } from './classic.js';
import { isContentTypeOverride } from './content-type.js';
import { SEARCH_KEYS, compileSearch } from './search.js';

type RawObject = Record<string, unknown>;

/** `path.key`, or `key` at the top level. */
function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Validates raw parser config found at `path` (e.g. `campaigns[0].destinations[1].parser`).
 * Returns the typed config when there is no issue, and every issue found otherwise: unknown
 * keys, wrong types, empty strings, kind and onMatch outside their enums, a contentType that is
 * no media type, path or onMatch without a term, and each pattern or path that does not
 * compile (see `compilePattern` and `compilePathSpec` for the rules).
 */
export function validateParserConfig(
  raw: unknown,
  path: string,
): { config?: ParserConfig; issues: ConfigIssue[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { issues: [{ path, message: 'must be an object (kind: classic or search)' }] };
  }
  const object = raw as RawObject;
  const kind = object['kind'];
  if (kind !== 'classic' && kind !== 'search') {
    const message =
      kind === undefined
        ? 'is required (classic or search)'
        : `must be classic or search (got ${JSON.stringify(kind)})`;
    return { issues: [{ path: at(path, 'kind'), message }] };
  }

  const issues: ConfigIssue[] = [];
  const allowed = kind === 'classic' ? CLASSIC_KEYS : SEARCH_KEYS;
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      issues.push({
        path: at(path, key),
        message: `unknown key (a ${kind} parser takes ${allowed.slice(1).join(', ')})`,
      });
    }
  }
  const text = (key: string): string | undefined => readString(object, key, at(path, key), issues);

  if (kind === 'classic') {
    const config: ClassicParserConfig = { kind };
    for (const key of [
      'validPattern',
      'successPattern',
      'reasonPattern',
      'defaultReason',
    ] as const) {
      const value = text(key);
      if (value !== undefined) config[key] = value;
    }
    return finish(config, issues, compileClassic(config, path).issues);
  }

  const config: SearchParserConfig = { kind };
  for (const key of ['term', 'path', 'reasonPath', 'defaultReason', 'contentType'] as const) {
    const value = text(key);
    if (value !== undefined) config[key] = value;
  }
  const onMatch = readOnMatch(object, at(path, 'onMatch'), issues);
  if (onMatch !== undefined) config.onMatch = onMatch;
  checkSearchShape(config, path, issues);
  return finish(config, issues, compileSearch(config, path).issues);
}

function finish(
  config: ParserConfig,
  shapeIssues: ConfigIssue[],
  compileIssues: ConfigIssue[],
): { config?: ParserConfig; issues: ConfigIssue[] } {
  const issues = [...shapeIssues, ...compileIssues];
  return issues.length === 0 ? { config, issues } : { issues };
}

function readString(
  object: RawObject,
  key: string,
  path: string,
  issues: ConfigIssue[],
): string | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    issues.push({ path, message: `must be a string (got ${typeName(value)})` });
    return undefined;
  }
  if (value.trim() === '') {
    issues.push({ path, message: 'must not be empty' });
    return undefined;
  }
  return value;
}

function readOnMatch(object: RawObject, path: string, issues: ConfigIssue[]): Outcome | undefined {
  const value = object['onMatch'];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value)) {
    return value as Outcome;
  }
  issues.push({
    path,
    message: `must be one of ${OUTCOMES.join(', ')} (got ${JSON.stringify(value) ?? typeName(value)})`,
  });
  return undefined;
}

function checkSearchShape(config: SearchParserConfig, path: string, issues: ConfigIssue[]): void {
  if (config.contentType !== undefined && !isContentTypeOverride(config.contentType)) {
    issues.push({
      path: at(path, 'contentType'),
      message: 'must be a media type such as application/json, or one of json, xml, text, html',
    });
    // Paths are then checked for every kind of body, as without an override.
    delete config.contentType;
  }
  // Without a term the status alone decides, so these would be silently ignored.
  if (config.term === undefined) {
    for (const key of ['path', 'onMatch'] as const) {
      if (config[key] !== undefined) {
        issues.push({ path: at(path, key), message: 'has no effect without term' });
      }
    }
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
