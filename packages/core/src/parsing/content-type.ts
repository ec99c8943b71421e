/**
 * What kind of document a body is, from its Content-Type (RFC 9110 §8.3) or, when the header is
 * missing, from its first character.
 */
import type { ResponseHeaders } from './types.js';

/** How a search parser reads a body: JSON dot paths, XPath, or plain text. */
export type ContentKind = 'json' | 'xml' | 'text';

/** A Content-Type value split into its lower-cased media type and its parameters. */
export interface MediaType {
  /** `type/subtype`, lower case, e.g. `application/json`. */
  essence: string;
  /** Parameter names lower case, quotes removed (`charset` is the one used here). */
  parameters: Readonly<Record<string, string>>;
}

/** The first value of header `name` (case-insensitive), or undefined. */
export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : value[0];
  }
  return undefined;
}

/** All values of header `name` (case-insensitive) joined with ", ", as RFC 9110 §5.3 allows. */
export function headerList(headers: ResponseHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    values.push(...(typeof value === 'string' ? [value] : value));
  }
  return values.length === 0 ? undefined : values.join(', ');
}

/** Parses `text/xml; charset="ISO-8859-1"`; undefined for an empty or type-less value. */
export function parseMediaType(value: string | undefined): MediaType | undefined {
  if (value === undefined) return undefined;
  const [essence = '', ...rest] = value.split(';');
  const type = essence.trim().toLowerCase();
  if (!type.includes('/')) return undefined;

  const parameters: Record<string, string> = {};
  for (const part of rest) {
    const equals = part.indexOf('=');
    if (equals <= 0) continue;
    const key = part.slice(0, equals).trim().toLowerCase();
    let parameter = part.slice(equals + 1).trim();
    if (parameter.length >= 2 && parameter.startsWith('"') && parameter.endsWith('"')) {
      parameter = parameter.slice(1, -1);
    }
    parameters[key] = parameter;
  }
  return { essence: type, parameters };
}

const SHORTHANDS: Readonly<Record<string, ContentKind>> = {
  json: 'json',
  xml: 'xml',
  text: 'text',
  html: 'text',
};

/**
 * The kind a media type stands for: `application/json`, `text/json` and any `+json` suffix
 * (RFC 6839) are JSON; `application/xml`, `text/xml` and any `+xml` are XML; everything else,
 * HTML included, is text. Also accepts the shorthands json, xml, text and html (the override).
 */
export function kindOfMediaType(essence: string): ContentKind {
  const type = essence.trim().toLowerCase();
  const shorthand = SHORTHANDS[type];
  if (shorthand !== undefined) return shorthand;
  const subtype = type.slice(type.indexOf('/') + 1);
  if (subtype === 'json' || subtype.endsWith('+json')) return 'json';
  if (subtype === 'xml' || subtype.endsWith('+xml')) return 'xml';
  return 'text';
}

/** True when `value` is a media type (`type/subtype`) or one of the shorthands. */
export function isContentTypeOverride(value: string): boolean {
  const type = value.trim().toLowerCase();
  return type in SHORTHANDS || /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type);
}

/**
 * The kind of a decoded body: the override when configured, else the Content-Type, else a
 * sniff of the first non-blank character (`{` or `[` → json, `<` → xml, anything else text).
 */
export function contentKind(
  override: string | undefined,
  mediaType: MediaType | undefined,
  text: string,
): ContentKind {
  if (override !== undefined) return kindOfMediaType(override);
  if (mediaType !== undefined) return kindOfMediaType(mediaType.essence);
  return sniffKind(text);
}

/** Guesses a body's kind from its first non-blank character. */
export function sniffKind(text: string): ContentKind {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') continue;
    if (char === '{' || char === '[') return 'json';
    return char === '<' ? 'xml' : 'text';
  }
  return 'text';
}
