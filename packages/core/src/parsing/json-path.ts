/**
 * JSON dot paths: `status`, `result.success`, `errors.1.message`, `0.status` (top-level array),
 * `errors.*.message` (every element), also written with brackets: `errors[1].message`,
 * `errors[*].message`. A number indexes an array and names a key of an object. Key segments take
 * letters, digits, `_`, `-`, `$` and any non-ASCII character.
 */
import { MAX_PATH_VALUES } from './limits.js';

/** One step of a JSON path. */
export type JsonPathSegment = { kind: 'key'; key: string } | { kind: 'wildcard' };

/** A parsed JSON path. */
export interface JsonPath {
  source: string;
  segments: readonly JsonPathSegment[];
}

/** The outcome of parsing a JSON path. */
export type JsonPathResult = { ok: true; path: JsonPath } | { ok: false; message: string };

const KEY_CHAR = /^[A-Za-z0-9_$\-\u0080-\uffff]$/;

/** Parses a JSON dot path, or says where it goes wrong. */
export function parseJsonPath(source: string): JsonPathResult {
  const segments: JsonPathSegment[] = [];
  let i = 0;
  const fail = (what: string): JsonPathResult => ({
    ok: false,
    message: `invalid JSON path: ${what} at position ${i} (paths look like errors.0.message or errors.*.message)`,
  });

  while (i <= source.length) {
    if (source[i] === '*') {
      segments.push({ kind: 'wildcard' });
      i++;
    } else {
      const start = i;
      while (i < source.length && KEY_CHAR.test(source[i] ?? '')) i++;
      if (i === start) {
        return fail(i < source.length ? `unexpected "${source[i]}"` : 'empty segment');
      }
      segments.push({ kind: 'key', key: source.slice(start, i) });
    }

    while (source[i] === '[') {
      const close = source.indexOf(']', i);
      const inside = close < 0 ? '' : source.slice(i + 1, close);
      if (inside === '*') segments.push({ kind: 'wildcard' });
      else if (/^[0-9]{1,9}$/.test(inside))
        segments.push({ kind: 'key', key: String(Number(inside)) });
      else return fail('bracket needs an index or *');
      i = close + 1;
    }

    if (i === source.length) return { ok: true, path: { source, segments } };
    if (source[i] !== '.') return fail(`unexpected "${source[i]}"`);
    i++;
  }
  return fail('empty segment');
}

/**
 * The values at `path` in a parsed JSON document, in document order: a wildcard takes every
 * element of an array or value of an object, and an array at the end of the path stands for
 * its elements. At most `MAX_PATH_VALUES` values; null and missing values yield nothing.
 */
export function selectJson(document: unknown, path: JsonPath): unknown[] {
  let current: unknown[] = [document];
  for (const segment of path.segments) {
    const next: unknown[] = [];
    for (const value of current) {
      if (next.length >= MAX_PATH_VALUES) break;
      if (segment.kind === 'wildcard') next.push(...children(value));
      else {
        const child = childAt(value, segment.key);
        if (child !== undefined) next.push(child);
      }
    }
    current = next.slice(0, MAX_PATH_VALUES);
  }

  const values = current.flatMap((value) =>
    Array.isArray(value) ? (value as unknown[]) : [value],
  );
  return values.filter((value) => value !== null && value !== undefined).slice(0, MAX_PATH_VALUES);
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.slice(0, MAX_PATH_VALUES);
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).slice(0, MAX_PATH_VALUES);
  }
  return [];
}

function childAt(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return /^[0-9]+$/.test(key) ? value[Number(key)] : undefined;
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, key)) {
    return (value as Record<string, unknown>)[key];
  }
  return undefined;
}

/**
 * A JSON value as text for searching or as a reason: strings as they are, numbers and booleans
 * as JSON writes them (`42`, `true`), objects and arrays as compact JSON.
 */
export function jsonValueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    // Nested deeper than JSON.stringify's recursion allows: nothing usable to search.
    return '';
  }
}
