/**
 * The search parser's `path` and `reasonPath`: one configured string read according to the
 * body's kind — a JSON dot path for JSON, an XPath for XML and, for `reasonPath` on text, a
 * regular expression with one capture group. Since the kind is only known per response (unless
 * `contentType` overrides it), a path is valid when at least one reading the parser may need is
 * valid; each valid reading is compiled once.
 */
import type { ContentKind } from './content-type.js';
import { parseJsonPath, selectJson, jsonValueText } from './json-path.js';
import type { JsonPath } from './json-path.js';
import { MAX_REASON_VALUES } from './limits.js';
import { compilePattern } from './patterns.js';
import type { Pattern } from './patterns.js';
import { compileXPath, parseXml, selectXml } from './xml-path.js';
import type { CompiledXPath, XmlDocument } from './xml-path.js';

/** A path compiled for each kind of body it can be read on. */
export interface PathSpec {
  source: string;
  json?: JsonPath;
  xml?: CompiledXPath;
  text?: Pattern;
}

/** The outcome of compiling a path: the spec, or one message covering every reading tried. */
export type PathSpecResult = { ok: true; spec: PathSpec } | { ok: false; message: string };

/** Compiles `source` for each of `kinds`; fails only when no reading is valid. */
export function compilePathSpec(source: string, kinds: readonly ContentKind[]): PathSpecResult {
  if (source === '') return { ok: false, message: 'must not be empty' };
  const spec: PathSpec = { source };
  const problems: string[] = [];

  for (const kind of kinds) {
    if (kind === 'json') {
      const result = parseJsonPath(source);
      if (result.ok) spec.json = result.path;
      else problems.push(result.message);
    } else if (kind === 'xml') {
      const result = compileXPath(source);
      if (result.ok) spec.xml = result.xpath;
      else problems.push(result.message);
    } else {
      const result = compilePattern(source, { groups: 1 });
      if (result.ok) spec.text = result.pattern;
      else problems.push(`as a regular expression: ${result.message}`);
    }
  }

  if (problems.length < kinds.length) return { ok: true, spec };
  if (problems.length === 1) return { ok: false, message: problems[0] ?? '' };
  const readings = kinds.map((kind) => READINGS[kind]);
  const last = readings.pop() ?? '';
  return { ok: false, message: `is not ${readings.join(', ')} or ${last}: ${problems.join('; ')}` };
}

const READINGS: Readonly<Record<ContentKind, string>> = {
  json: 'a JSON path',
  xml: 'an XPath',
  text: 'a regular expression with one capture group',
};

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * What selecting a path on a body gave: the values as text, or why there are none to give —
 * `bodyInvalid` when the body is not the JSON or XML it claims to be (or too complex to read),
 * otherwise the path simply has no reading for this kind of body.
 */
export type Selection = { values: string[] } | { problem: string; bodyInvalid: boolean };

/** A body parsed as its kind asks, once, on first need. */
export class BodyDocument {
  private json: Parsed<unknown> | undefined;
  private xml: Parsed<XmlDocument> | undefined;

  constructor(
    readonly kind: ContentKind,
    readonly text: string,
  ) {}

  /**
   * The values at `spec` for this body, as text in document order; or `problem` when the body
   * is not the JSON or XML it claims to be, or the path has no reading for this kind.
   * `purpose` names the setting in messages ("path", "reasonPath").
   */
  select(spec: PathSpec, purpose: string): Selection {
    const needed = `(needed for ${purpose} ${spec.source})`;
    if (this.kind === 'json') {
      if (spec.json === undefined) return notReadable(spec, purpose, 'a JSON path', 'JSON');
      this.json ??= parseJson(this.text);
      if (!this.json.ok) {
        return { problem: `body ${this.json.message} ${needed}`, bodyInvalid: true };
      }
      return { values: selectJson(this.json.value, spec.json).map(jsonValueText) };
    }
    if (this.kind === 'xml') {
      if (spec.xml === undefined) return notReadable(spec, purpose, 'an XPath', 'XML');
      this.xml ??= toParsed(parseXml(this.text));
      if (!this.xml.ok) return { problem: `body ${this.xml.message} ${needed}`, bodyInvalid: true };
      return { values: selectXml(this.xml.value, spec.xml) };
    }
    if (spec.text === undefined) {
      return { problem: `${purpose} does not apply to a text body`, bodyInvalid: false };
    }
    return { values: spec.text.allGroups(this.text, MAX_REASON_VALUES) };
  }
}

function notReadable(spec: PathSpec, purpose: string, reading: string, kind: string): Selection {
  return {
    problem: `${purpose} ${spec.source} is not ${reading}, and the body is ${kind}`,
    bodyInvalid: false,
  };
}

function parseJson(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, message: 'is not valid JSON' };
  }
}

function toParsed(result: ReturnType<typeof parseXml>): Parsed<XmlDocument> {
  return result.ok ? { ok: true, value: result.xml } : { ok: false, message: result.message };
}
