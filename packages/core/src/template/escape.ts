/**
 * Escaping of placeholder values for each place a value can land in a request. Every function
 * here is total: any string in, a string that is safe in its context out.
 */

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const XML_INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

// C0 controls (CR and LF included), DEL, and everything past ASCII: Node refuses most of it in
// a header value (ERR_INVALID_CHAR), and sends Latin-1 as UTF-8 bytes when a body follows, so
// a buyer would read "Ã©" for "é". Header values stay ASCII; lead data belongs in the body.
const HEADER_UNSAFE = /[\u0000-\u001F\u007F-\u{10FFFF}]/gu;

/** Replaces unpaired UTF-16 surrogates with U+FFFD, so the string can be encoded as UTF-8. */
export function toWellFormed(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD');
}

/** Percent-encodes a value for any part of a URL (`encodeURIComponent`), never throwing. */
export function escapeUrlComponent(value: string): string {
  return encodeURIComponent(toWellFormed(value));
}

/**
 * Escapes a value as the content of a JSON string literal (without the quotes). Unpaired
 * surrogates become U+FFFD rather than `\ud83d`-style escapes a receiver may choke on.
 */
export function escapeJsonString(value: string): string {
  return JSON.stringify(toWellFormed(value)).slice(1, -1);
}

/** Escapes a value as XML text or attribute content, dropping characters XML 1.0 forbids. */
export function escapeXml(value: string): string {
  return value.replace(XML_INVALID, '').replace(/[&<>"']/g, (char) => XML_ENTITIES[char] ?? '');
}

/** Removes from a header value every character that could end the header or be refused. */
export function sanitizeHeaderValue(value: string): string {
  return value.replace(HEADER_UNSAFE, '');
}

/** Encodes name/value pairs as `application/x-www-form-urlencoded` (URLSearchParams rules). */
export function encodeFormPairs(pairs: readonly (readonly [string, string])[]): string {
  const params = new URLSearchParams();
  for (const [name, value] of pairs) params.append(name, value);
  return params.toString();
}
