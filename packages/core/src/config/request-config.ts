import { compileTemplate } from '../template/compile.js';
import { parseTemplate } from '../template/parse.js';
import type { RequestFormat } from './types.js';
import { isRawObject, type IssueCollector, type Path, type RawObject } from './issues.js';

/** Reports the problems of a `#{…}` template at `path`. */
export function checkTemplate(issues: IssueCollector, template: string, path: Path): void {
  for (const problem of parseTemplate(template).problems) issues.add(path, problem);
}

// Stands in for placeholders while the URL is parsed; the letters are valid in any URL part.
const MARKER = 'lrplaceholdermarker';

/**
 * Checks a destination URL: a well-formed http or https URL once its `#{…}` placeholders are
 * filled in, with placeholders only in the path, query or fragment — lead data must never
 * choose the scheme, host, port or credentials.
 */
export function checkUrl(issues: IssueCollector, url: string, path: Path): void {
  checkTemplate(issues, url, path);
  const filled = compileTemplate(url)(() => MARKER);

  let parsed: URL;
  try {
    parsed = new URL(filled);
  } catch {
    issues.add(path, 'must be an absolute http or https URL');
    return;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    issues.add(path, 'must be an absolute http or https URL');
  } else if (
    `${parsed.protocol}//${parsed.username}:${parsed.password}@${parsed.host}`.includes(MARKER)
  ) {
    issues.add(path, 'placeholders are only allowed in the path, query and fragment');
  }
}

// RFC 9110 §5.6.2 token.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// What Node's HTTP client accepts in a header value (tab, printable ASCII, Latin-1).
const HEADER_VALUE = /^[\t\u0020-\u007E\u0080-\u00FF]*$/;
// Framing and hop-by-hop headers belong to the HTTP client; the idempotency key to leadrelay.
const RESERVED_HEADERS = [
  'connection',
  'content-length',
  'host',
  'idempotency-key',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

/**
 * Validates `headers`: a map of HTTP token names (unique ignoring case, not a framing header
 * nor Idempotency-Key) to string values (numbers are written as text) that may hold `#{…}`
 * placeholders but no control characters. Absent means none.
 */
export function validateHeaders(
  issues: IssueCollector,
  raw: unknown,
  path: Path,
): Record<string, string> {
  if (raw === undefined) return {};
  if (!isRawObject(raw)) {
    issues.add(path, 'must be an object of header names to values');
    return {};
  }

  const seen = new Set<string>();
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(raw)) {
    const at = [...path, name];
    const lower = name.toLowerCase();
    let nameOk = false;
    if (!HEADER_NAME.test(name)) issues.add(at, 'is not a valid HTTP header name');
    else if (RESERVED_HEADERS.includes(lower)) {
      issues.add(at, 'is set by leadrelay and cannot be configured');
    } else if (seen.has(lower)) issues.add(at, 'duplicates another header (names ignore case)');
    else nameOk = true;
    seen.add(lower);

    const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    if (typeof text !== 'string') issues.add(at, 'must be a string');
    else if (!HEADER_VALUE.test(text)) {
      issues.add(at, 'must not contain control characters or characters beyond Latin-1');
    } else {
      checkTemplate(issues, text, at);
      if (nameOk) headers.push([name, text]);
    }
  }
  return Object.fromEntries(headers);
}

// XML 1.0 names, ASCII subset, without namespace prefixes.
const XML_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/** Checks an XML element name (`xmlRoot`, or a key of an xml field map). */
export function isXmlName(name: string): boolean {
  return XML_NAME.test(name);
}

/**
 * Validates `body` for the format: a field map (form and query: flat; json: nested objects and
 * arrays; xml: nested objects, arrays repeat their element), or a raw template string for json
 * and xml (json is checked to parse once placeholders are filled). Leaves are strings (templates),
 * finite numbers, booleans or null. Absent means an empty field map.
 */
export function validateBody(
  issues: IssueCollector,
  raw: unknown,
  format: RequestFormat,
  path: Path,
): Record<string, unknown> | string {
  if (raw === undefined) return {};

  if (typeof raw === 'string') {
    if (format !== 'json' && format !== 'xml') {
      issues.add(
        path,
        `must be a field map for format ${format} (template strings need json or xml)`,
      );
      return raw;
    }
    checkTemplate(issues, raw, path);
    if (format === 'json' && !parsesAsJson(compileTemplate(raw)(() => '0'))) {
      issues.add(path, 'is not valid JSON once placeholders are filled in');
    }
    return raw;
  }

  if (!isRawObject(raw)) {
    issues.add(
      path,
      format === 'json' || format === 'xml'
        ? 'must be a field map or a template string'
        : 'must be a field map',
    );
    return {};
  }
  checkBodyMap(issues, raw, format, path);
  return raw;
}

function checkBodyMap(
  issues: IssueCollector,
  map: RawObject,
  format: RequestFormat,
  path: Path,
): void {
  for (const [key, value] of Object.entries(map)) {
    const at = [...path, key];
    if (key === '') issues.add(path, 'field names cannot be empty');
    else if (format === 'xml' && !isXmlName(key)) issues.add(at, 'is not a valid XML element name');
    checkBodyValue(issues, value, format, at, false);
  }
}

function checkBodyValue(
  issues: IssueCollector,
  value: unknown,
  format: RequestFormat,
  path: Path,
  inList: boolean,
): void {
  if (typeof value === 'string') return checkTemplate(issues, value, path);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) issues.add(path, 'must be a finite number');
    return;
  }
  if (typeof value === 'boolean' || value === null) return;

  const nested = Array.isArray(value) || isRawObject(value);
  if (nested && (format === 'form' || format === 'query')) {
    issues.add(path, `must be a single value in a ${format} body`);
  } else if (Array.isArray(value)) {
    if (format === 'xml' && inList) issues.add(path, 'lists inside lists cannot be written as XML');
    else
      value.forEach((item, index) => checkBodyValue(issues, item, format, [...path, index], true));
  } else if (isRawObject(value)) {
    checkBodyMap(issues, value, format, path);
  } else {
    issues.add(path, 'must be a string, number, boolean, object or list');
  }
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
