import { formatPath, type ConfigIssue } from '../errors.js';

/** A location in the configuration, as segments: `['campaigns', 0, 'id']`. */
export type Path = readonly (string | number)[];

/** A parsed YAML/JSON mapping. */
export type RawObject = Record<string, unknown>;

/**
 * Collects every issue found while validating, each at its exact path. The issues it starts
 * with (the `${VAR}` references that could not be substituted) mute their paths: the value
 * found there is a stand-in, so further complaints about it would only be noise.
 */
export class IssueCollector {
  readonly issues: ConfigIssue[];
  private readonly muted: ReadonlySet<string>;

  constructor(initial: readonly ConfigIssue[] = []) {
    this.issues = [...initial];
    this.muted = new Set(initial.map((issue) => issue.path));
  }

  /** Records an issue at `path`; the root path shows as `(root)`. */
  add(path: Path | string, message: string): void {
    const formatted = typeof path === 'string' ? path : formatPath(path) || '(root)';
    if (this.muted.has(formatted)) return;
    this.issues.push({ path: formatted, message });
  }

  /** Records issues found by another validator (the response parser's). */
  addAll(issues: readonly ConfigIssue[]): void {
    for (const issue of issues) this.add(issue.path, issue.message);
  }
}

/** True for a mapping (not null, not an array, not a Date or other class instance). */
export function isRawObject(value: unknown): value is RawObject {
  return Object.prototype.toString.call(value) === '[object Object]';
}

/** The value of an own key; inherited properties and `null` read as absent. */
export function own(object: RawObject, key: string): unknown {
  return Object.hasOwn(object, key) ? (object[key] ?? undefined) : undefined;
}

/** Reports every key of `object` not in `allowed`, suggesting the closest allowed key. */
export function checkKeys(
  issues: IssueCollector,
  object: RawObject,
  allowed: readonly string[],
  path: Path,
): void {
  for (const key of Object.keys(object)) {
    if (allowed.includes(key)) continue;
    const suggestion = closest(key, allowed);
    issues.add(
      [...path, key],
      suggestion ? `unknown key (did you mean ${suggestion}?)` : 'unknown key',
    );
  }
}

/** The allowed key a typo most likely meant: same letters ignoring case, or a few edits away. */
function closest(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const target = candidate.toLowerCase();
    const distance =
      target.startsWith(lower) || lower.startsWith(target) ? 1 : editDistance(lower, target);
    if (distance <= 2 && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Reads a list at `object[key]`; absent gives undefined without an issue. */
export function readList(
  issues: IssueCollector,
  object: RawObject,
  key: string,
  path: Path,
): unknown[] | undefined {
  const value = own(object, key);
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value;
  issues.add([...path, key], 'must be a list');
  return undefined;
}

/**
 * Reads a required list at `object[key]`: absent is `is required` (followed by `hint`), and an
 * empty list is an issue when `emptyMessage` is given. Gives `[]` when there is no usable list.
 */
export function readRequiredList(
  issues: IssueCollector,
  object: RawObject,
  key: string,
  path: Path,
  messages: { hint?: string; emptyMessage?: string } = {},
): unknown[] {
  if (own(object, key) === undefined) {
    issues.add([...path, key], messages.hint ? `is required (${messages.hint})` : 'is required');
    return [];
  }
  const list = readList(issues, object, key, path) ?? [];
  if (list.length === 0 && messages.emptyMessage) issues.add([...path, key], messages.emptyMessage);
  return list;
}

/** Reads a string; absent gives `fallback`, or an issue when there is none. */
export function readString(
  issues: IssueCollector,
  object: RawObject,
  key: string,
  path: Path,
  fallback?: string,
): string {
  const value = own(object, key);
  if (typeof value === 'string') return value;
  if (value === undefined && fallback !== undefined) return fallback;
  issues.add([...path, key], value === undefined ? 'is required' : 'must be a string');
  return fallback ?? '';
}

/** Reads an integer in [min, max]; absent gives `fallback`, or an issue when there is none. */
export function readInteger(
  issues: IssueCollector,
  object: RawObject,
  key: string,
  path: Path,
  range: { min: number; max?: number; fallback?: number },
): number {
  const value = own(object, key);
  const { min, max, fallback } = range;
  if (value === undefined && fallback !== undefined) return fallback;

  const inRange = typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
  if (inRange && (max === undefined || value <= max)) return value;
  const expected =
    max === undefined ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
  issues.add([...path, key], value === undefined ? 'is required' : `must be ${expected}`);
  return fallback ?? min;
}

/** Reads one of `allowed`; absent gives `fallback`. */
export function readEnum<T extends string>(
  issues: IssueCollector,
  object: RawObject,
  key: string,
  path: Path,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = own(object, key);
  if (value === undefined) return fallback;
  if (allowed.includes(value as T)) return value as T;
  issues.add([...path, key], `must be one of ${allowed.join(', ')}`);
  return fallback;
}

/** Reads a boolean; absent gives `fallback`. */
export function readBoolean(
  issues: IssueCollector,
  object: RawObject,
  key: string,
  path: Path,
  fallback: boolean,
): boolean {
  const value = own(object, key);
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  issues.add([...path, key], 'must be true or false');
  return fallback;
}

/** What ids may contain: they become queue names and job-id parts (BullMQ forbids `:`). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Reads a required id matching {@link ID_PATTERN}. */
export function readId(issues: IssueCollector, object: RawObject, key: string, path: Path): string {
  const value = own(object, key);
  if (value === undefined) issues.add([...path, key], 'is required');
  else if (typeof value !== 'string') issues.add([...path, key], 'must be a string');
  else if (value === '') issues.add([...path, key], 'must not be empty');
  else if (!ID_PATTERN.test(value)) {
    issues.add([...path, key], 'must be 1 to 64 characters from A-Z, a-z, 0-9, _ and -');
  } else return value;
  return '';
}

/**
 * Reports every repeated value after its first occurrence. Empty values are skipped: they
 * already have their own issue.
 */
export function checkUnique(
  issues: IssueCollector,
  entries: readonly { value: string; path: Path }[],
  describe: (first: Path) => string,
): void {
  const firstByValue = new Map<string, Path>();
  for (const { value, path } of entries) {
    if (value === '') continue;
    const first = firstByValue.get(value);
    if (first) issues.add(path, describe(first));
    else firstByValue.set(value, path);
  }
}
