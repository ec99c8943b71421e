import type { RequestFormat } from '../config/types.js';
import { compileTemplate, type CompiledTemplate, type ValueLookup } from './compile.js';
import { parseTemplate } from './parse.js';
import { encodeFormPairs, escapeJsonString, escapeXml, toWellFormed } from './escape.js';

/** A compiled body (or query string): rendered per lead with that lead's values. */
export type CompiledBody = (lookup: ValueLookup) => string;

/** The XML declaration that starts a body built from a field map. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * Compiles a destination's body for its format:
 * - `form` and `query`: a flat field map, encoded as `application/x-www-form-urlencoded`;
 * - `json`: a field map (nested objects and arrays allowed, string leaves are templates, other
 *   leaves kept) serialized with `JSON.stringify`, or a raw template whose values are escaped as
 *   JSON string content;
 * - `xml`: a field map turned into elements under `<xmlRoot>` (arrays repeat their element),
 *   or a raw template whose values are XML-escaped.
 *
 * @throws TypeError when the body does not suit the format; validated config never does that.
 */
export function compileBody(
  format: RequestFormat,
  body: Record<string, unknown> | string,
  xmlRoot: string,
): CompiledBody {
  if (typeof body === 'string') {
    if (format === 'json') return compileJsonTemplate(body);
    if (format === 'xml') return compileTemplate(body, escapeXml);
    throw new TypeError(`a ${format} body must be a field map, not a template string`);
  }

  switch (format) {
    case 'form':
    case 'query':
      return compileFormFields(body);
    case 'json': {
      const render = compileJsonValue(body);
      return (lookup) => JSON.stringify(render(lookup));
    }
    case 'xml': {
      const render = compileXmlElement(xmlRoot, body);
      return (lookup) => XML_DECLARATION + render(lookup);
    }
    default:
      return assertNever(format);
  }
}

/** A JSON number literal exactly as JSON writes one (no `+5`, `.5`, `007`). */
const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** A value placed where the template expects a JSON value, not inside a string literal. */
function jsonValue(value: string): string {
  if (value === '') return 'null';
  return JSON_NUMBER.test(value) ? value : JSON.stringify(toWellFormed(value));
}

/**
 * A raw JSON template. A placeholder inside a string literal (`"#{email}"`) is escaped as
 * string content; one outside (`"age": #{age}`) becomes a whole JSON value — the number as
 * written when it is a JSON number, `null` when empty, else a quoted string — so no lead value
 * can end the document early or add keys.
 */
function compileJsonTemplate(template: string): CompiledBody {
  const parts: ((lookup: ValueLookup) => string)[] = [];
  let inString = false;
  let escaped = false;
  for (const segment of parseTemplate(template).segments) {
    if (segment.kind === 'text') {
      const { text } = segment;
      for (const char of text) {
        if (escaped) escaped = false;
        else if (inString && char === '\\') escaped = true;
        else if (char === '"') inString = !inString;
      }
      parts.push(() => text);
    } else {
      const { name } = segment;
      const escape = inString ? escapeJsonString : jsonValue;
      parts.push((lookup) => escape(lookup(name)));
    }
  }
  return (lookup) => parts.map((part) => part(lookup)).join('');
}

function compileFormFields(body: Record<string, unknown>): CompiledBody {
  const fields = Object.entries(body).map(([name, value]) => {
    if (typeof value === 'object' && value !== null) {
      throw new TypeError(`form field ${name} must be a single value`);
    }
    return [name, compileLeaf(value)] as const;
  });
  return (lookup) => encodeFormPairs(fields.map(([name, render]) => [name, render(lookup)]));
}

type JsonRender = (lookup: ValueLookup) => unknown;

function compileJsonValue(value: unknown): JsonRender {
  if (typeof value === 'string') return compileTemplate(value, toWellFormed);
  if (Array.isArray(value)) {
    const items = value.map(compileJsonValue);
    return (lookup) => items.map((render) => render(lookup));
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(
      ([key, item]) => [key, compileJsonValue(item)] as const,
    );
    return (lookup) => {
      // A null prototype makes a key such as "__proto__" an ordinary property.
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const [key, render] of entries) out[key] = render(lookup);
      return out;
    };
  }
  return () => value ?? null;
}

function compileXmlElement(name: string, value: unknown): (lookup: ValueLookup) => string {
  const open = `<${name}>`;
  const close = `</${name}>`;

  if (Array.isArray(value)) {
    const items = value.map((item) => compileXmlElement(name, item));
    return (lookup) => items.map((render) => render(lookup)).join('');
  }
  if (typeof value === 'object' && value !== null) {
    const children = Object.entries(value).map(([key, item]) => compileXmlElement(key, item));
    return (lookup) => open + children.map((render) => render(lookup)).join('') + close;
  }

  const text = compileLeaf(value, escapeXml);
  return (lookup) => open + text(lookup) + close;
}

/** A string leaf is a template; a number or boolean is its literal text; null is empty. */
function compileLeaf(value: unknown, escape?: (value: string) => string): CompiledTemplate {
  if (typeof value === 'string') return compileTemplate(value, escape);
  const text = value === null || value === undefined ? '' : String(value);
  const escaped = escape ? escape(text) : text;
  return () => escaped;
}

function assertNever(value: never): never {
  throw new TypeError(`unknown request format: ${String(value)}`);
}
