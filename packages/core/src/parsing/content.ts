/**
 * From the bytes a buyer sent to the text a parser reads: size cap, content-encoding
 * (RFC 9110 §8.4), charset. Pure computation: node:zlib's synchronous functions with an output
 * cap, so a compression bomb stops at `maxResponseBytes` instead of filling memory.
 */
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { headerList, headerValue, parseMediaType } from './content-type.js';
import type { MediaType } from './content-type.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './limits.js';
import type { ResponseHeaders } from './types.js';

/** A body turned into text. */
export interface DecodedBody {
  ok: true;
  /** The body as text, byte-order mark removed. */
  text: string;
  /** The response's Content-Type, when it had a usable one. */
  mediaType: MediaType | undefined;
  /** The charset the bytes were read as, e.g. `utf-8`, `windows-1252`; `utf-8` for strings. */
  charset: string;
}

/** A body that cannot be read; `reason` is ready to be an error outcome's reason. */
export interface UnreadableBody {
  ok: false;
  /** `too_large`: over the cap as received or once decompressed; `undecodable`: bad encoding. */
  problem: 'too_large' | 'undecodable';
  reason: string;
}

/** The outcome of `decodeResponseBody`. */
export type DecodeResult = DecodedBody | UnreadableBody;

/** Limits for `decodeResponseBody`. */
export interface DecodeOptions {
  /** Largest body in bytes, as received and after decompression. Default 1 MiB. */
  maxResponseBytes?: number;
}

/**
 * Decodes a captured body. A string is taken as text already decoded by the HTTP client
 * (content-encoding ignored, BOM removed, its UTF-8 size checked against the cap). Bytes are
 * taken as sent on the wire: first the raw size is checked, then each content-encoding (gzip,
 * x-gzip, deflate — zlib or raw —, br; identity skipped) is undone in reverse order with the
 * output capped, then the text is decoded: a BOM wins, else the Content-Type charset, else an
 * XML declaration's encoding, else UTF-8. Unknown charsets fall back to UTF-8. Never throws.
 */
export function decodeResponseBody(
  body: Buffer | Uint8Array | string,
  headers: ResponseHeaders,
  options: DecodeOptions = {},
): DecodeResult {
  const maxBytes = usableCap(options.maxResponseBytes);
  const mediaType = parseMediaType(headerValue(headers, 'content-type'));

  if (typeof body === 'string') {
    if (body.length > maxBytes || Buffer.byteLength(body, 'utf8') > maxBytes) {
      return tooLarge(maxBytes, '');
    }
    const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
    return { ok: true, text, mediaType, charset: 'utf-8' };
  }

  const raw = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.length);
  if (raw.length > maxBytes) return tooLarge(maxBytes, ' as received');

  const decompressed = undoContentEncoding(raw, headerList(headers, 'content-encoding'), maxBytes);
  if (!Buffer.isBuffer(decompressed)) return decompressed;

  return { ok: true, mediaType, ...decodeCharset(decompressed, mediaType) };
}

/** `maxResponseBytes` when it is a usable number, else the 1 MiB default. */
function usableCap(maxResponseBytes: number | undefined): number {
  return typeof maxResponseBytes === 'number' &&
    maxResponseBytes >= 0 &&
    Number.isFinite(maxResponseBytes)
    ? Math.floor(maxResponseBytes)
    : DEFAULT_MAX_RESPONSE_BYTES;
}

function tooLarge(maxBytes: number, when: string): UnreadableBody {
  return {
    ok: false,
    problem: 'too_large',
    reason: `response too large: body exceeds ${maxBytes} bytes${when}`,
  };
}

function undoContentEncoding(
  raw: Buffer,
  header: string | undefined,
  maxBytes: number,
): Buffer | UnreadableBody {
  // A 204 or HEAD answer may carry the header with nothing to decode.
  if (header === undefined || raw.length === 0) return raw;
  const codings = header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');

  let bytes = raw;
  // Codings are listed in the order they were applied (RFC 9110 §8.4), so undo from the end.
  for (const coding of codings.reverse()) {
    try {
      const next = decompress(bytes, coding, maxBytes);
      if (next === undefined) {
        return {
          ok: false,
          problem: 'undecodable',
          reason: `unsupported content-encoding "${coding}"`,
        };
      }
      bytes = next;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
        return tooLarge(maxBytes, ` once decompressed (${coding})`);
      }
      return { ok: false, problem: 'undecodable', reason: `body is not valid ${coding} data` };
    }
  }
  return bytes;
}

function decompress(bytes: Buffer, coding: string, maxBytes: number): Buffer | undefined {
  // maxOutputLength must be at least 1; a cap of 0 is enforced by the length check below.
  const options = { maxOutputLength: Math.max(1, maxBytes) };
  let out: Buffer | undefined;
  if (coding === 'gzip' || coding === 'x-gzip') out = gunzipSync(bytes, options);
  else if (coding === 'br') out = brotliDecompressSync(bytes, options);
  else if (coding === 'deflate') {
    // RFC 9110 §8.4.1.2 means zlib-wrapped data; some servers send raw deflate instead.
    out = hasZlibHeader(bytes) ? inflateSync(bytes, options) : inflateRawSync(bytes, options);
  }
  if (out !== undefined && out.length > maxBytes) {
    throw Object.assign(new RangeError('over the cap'), { code: 'ERR_BUFFER_TOO_LARGE' });
  }
  return out;
}

function hasZlibHeader(bytes: Buffer): boolean {
  const cmf = bytes[0] ?? 0;
  const flg = bytes[1] ?? 0;
  return (cmf & 0x0f) === 8 && (cmf * 256 + flg) % 31 === 0;
}

// WHATWG Encoding Standard §4.2: these labels mean windows-1252 in every browser, and buyers
// who declare them often send its curly quotes and euro sign.
const WINDOWS_1252_LABELS = new Set([
  'iso-8859-1',
  'iso8859-1',
  'latin1',
  'l1',
  'us-ascii',
  'ascii',
]);
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

function decodeCharset(
  bytes: Buffer,
  mediaType: MediaType | undefined,
): { text: string; charset: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: bytes.subarray(3).toString('utf8'), charset: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith(bytes.subarray(2), 'utf-16be');

  const label = (mediaType?.parameters['charset'] ?? xmlDeclaredEncoding(bytes))?.toLowerCase();
  if (label === undefined || UTF8_LABELS.has(label)) {
    return { text: bytes.toString('utf8'), charset: 'utf-8' };
  }
  if (WINDOWS_1252_LABELS.has(label)) return decodeWith(bytes, 'windows-1252');
  return iconv.encodingExists(label)
    ? decodeWith(bytes, label)
    : { text: bytes.toString('utf8'), charset: 'utf-8' };
}

function decodeWith(bytes: Buffer, charset: string): { text: string; charset: string } {
  return { text: iconv.decode(bytes, charset, { stripBOM: true }), charset };
}

const XML_DECLARATION = /^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']/;

/** The `encoding` of a leading `<?xml …?>` declaration (XML 1.0 §4.3.3), if any. */
function xmlDeclaredEncoding(bytes: Buffer): string | undefined {
  // The declaration is ASCII and short; reading 200 bytes keeps this constant-time.
  const head = bytes.subarray(0, 200).toString('latin1');
  return XML_DECLARATION.exec(head)?.[1];
}
