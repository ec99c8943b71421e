import { brotliCompressSync, constants, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { decodeResponseBody } from './content.js';
import type { DecodeResult } from './content.js';
import {
  contentKind,
  headerValue,
  isContentTypeOverride,
  parseMediaType,
  sniffKind,
} from './content-type.js';
import type { ResponseHeaders } from './types.js';

const MIB = 1024 * 1024;

function text(result: DecodeResult): string {
  if (!result.ok) throw new Error(result.reason);
  return result.text;
}

describe('content type', () => {
  test.each([
    ['application/json', 'json'],
    ['application/json; charset=utf-8', 'json'],
    ['APPLICATION/JSON', 'json'],
    ['text/json', 'json'],
    ['application/problem+json', 'json'],
    ['application/vnd.buyer.v2+json; charset=utf-8', 'json'],
    ['text/xml', 'xml'],
    ['application/xml', 'xml'],
    ['application/soap+xml; charset="utf-8"', 'xml'],
    ['text/html', 'text'],
    ['text/plain', 'text'],
    ['application/octet-stream', 'text'],
  ])('%s is read as %s', (header, kind) => {
    expect(contentKind(undefined, parseMediaType(header), '{"ignored": true}')).toBe(kind);
  });

  test.each([
    ['{"a":1}', 'json'],
    ['  \n[1]', 'json'],
    ['<response/>', 'xml'],
    ['\t<?xml version="1.0"?><r/>', 'xml'],
    ['OK', 'text'],
    ['', 'text'],
  ])('without a header %j is sniffed as %s', (body, kind) => {
    expect(sniffKind(body)).toBe(kind);
    expect(contentKind(undefined, undefined, body)).toBe(kind);
  });

  test('the override wins over header and sniffing, shorthands included', () => {
    expect(contentKind('application/json', parseMediaType('text/html'), '<p>')).toBe('json');
    expect(contentKind('xml', parseMediaType('application/json'), '{')).toBe('xml');
    expect(contentKind('text', undefined, '{')).toBe('text');
  });

  test('media type parameters are parsed, quotes removed; values without a slash are no type', () => {
    expect(parseMediaType('text/xml; Charset="ISO-8859-1"; x=1')).toEqual({
      essence: 'text/xml',
      parameters: { charset: 'ISO-8859-1', x: '1' },
    });
    expect(parseMediaType('garbage')).toBeUndefined();
    expect(parseMediaType(undefined)).toBeUndefined();
  });

  test('headers are found whatever their case; repeated ones give their first value', () => {
    const headers: ResponseHeaders = { 'Content-Type': 'text/xml', 'retry-after': ['5', '9'] };
    expect(headerValue(headers, 'content-type')).toBe('text/xml');
    expect(headerValue(headers, 'Retry-After')).toBe('5');
    expect(headerValue(headers, 'x-missing')).toBeUndefined();
  });

  test.each([
    ['application/json', true],
    ['json', true],
    ['HTML', true],
    ['application/soap+xml', true],
    ['jason', false],
    ['text/', false],
  ])('override %s is valid: %s', (value, valid) => {
    expect(isContentTypeOverride(value)).toBe(valid);
  });
});

describe('charset', () => {
  const body = (bytes: Buffer, contentType?: string): string =>
    text(
      decodeResponseBody(bytes, contentType === undefined ? {} : { 'content-type': contentType }),
    );

  test.each([
    ['utf-8 by default', Buffer.from('café ✓'), undefined, 'café ✓'],
    ['utf-8 declared', Buffer.from('café'), 'text/plain; charset=UTF-8', 'café'],
    ['a UTF-8 BOM is removed', Buffer.from('\ufeffOK'), 'text/plain', 'OK'],
    ['iso-8859-1', Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'text/plain; charset=iso-8859-1', 'café'],
    [
      'latin1 read as windows-1252',
      Buffer.from([0x80, 0x93, 0x94]),
      'text/plain; charset=latin1',
      '€“”',
    ],
    [
      'us-ascii read as windows-1252',
      Buffer.from([0x41, 0x80]),
      'text/plain; charset=us-ascii',
      'A€',
    ],
    ['windows-1252', Buffer.from([0x80]), 'text/plain; charset=windows-1252', '€'],
    ['utf-16 by BOM', Buffer.from([0xff, 0xfe, 0x4f, 0x00, 0x4b, 0x00]), 'text/plain', 'OK'],
    ['utf-16be by BOM', Buffer.from([0xfe, 0xff, 0x00, 0x4f, 0x00, 0x4b]), undefined, 'OK'],
    [
      'an unknown charset falls back to utf-8',
      Buffer.from('café'),
      'text/plain; charset=klingon',
      'café',
    ],
    [
      'invalid utf-8 becomes replacement characters',
      Buffer.from([0x4f, 0xff, 0x4b]),
      undefined,
      'O\ufffdK',
    ],
  ])('%s', (_name, bytes, contentType, expected) => {
    expect(body(bytes, contentType)).toBe(expected);
  });

  test('an XML declaration names the charset when the header does not', () => {
    const xml = iconv.encode('<?xml version="1.0" encoding="ISO-8859-1"?><r>é</r>', 'latin1');
    expect(body(xml, 'text/xml')).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><r>é</r>');
    expect(body(xml, 'text/xml; charset=utf-8')).toContain('<r>\ufffd</r>');
  });

  test('a string body is already text: only a leading BOM is removed', () => {
    expect(text(decodeResponseBody('\ufeff{"a":1}', { 'content-encoding': 'gzip' }))).toBe(
      '{"a":1}',
    );
  });
});

describe('content-encoding', () => {
  const payload = Buffer.from('<result>success</result>');

  test.each([
    ['gzip', gzipSync(payload)],
    ['x-gzip', gzipSync(payload)],
    ['GZIP', gzipSync(payload)],
    ['deflate', deflateSync(payload)],
    ['deflate', deflateRawSync(payload)],
    ['br', brotliCompressSync(payload)],
    ['identity', payload],
    ['gzip, br', brotliCompressSync(gzipSync(payload))],
  ])('%s is undone', (encoding, bytes) => {
    expect(text(decodeResponseBody(bytes, { 'content-encoding': encoding }))).toBe(
      payload.toString(),
    );
  });

  test('an empty body needs no decoding', () => {
    expect(text(decodeResponseBody(Buffer.alloc(0), { 'content-encoding': 'gzip' }))).toBe('');
  });

  test.each([
    ['gzip', Buffer.from('not gzip'), 'body is not valid gzip data'],
    ['br', Buffer.from([0xff, 0xff, 0xff]), 'body is not valid br data'],
    ['zstd', Buffer.from('x'), 'unsupported content-encoding "zstd"'],
  ])('%s that cannot be undone is undecodable', (encoding, bytes, reason) => {
    expect(decodeResponseBody(bytes, { 'content-encoding': encoding })).toEqual({
      ok: false,
      problem: 'undecodable',
      reason,
    });
  });
});

describe('size cap', () => {
  test.each([
    [
      'bytes as received',
      Buffer.alloc(101, 0x61),
      {},
      'response too large: body exceeds 100 bytes as received',
    ],
    ['a string', 'a'.repeat(101), {}, 'response too large: body exceeds 100 bytes'],
    [
      'a string counted in UTF-8 bytes',
      'é'.repeat(51),
      {},
      'response too large: body exceeds 100 bytes',
    ],
    [
      'bytes once decompressed',
      gzipSync(Buffer.alloc(101, 0x61)),
      { 'content-encoding': 'gzip' },
      'response too large: body exceeds 100 bytes once decompressed (gzip)',
    ],
  ])('%s over the cap are too large', (_name, body, headers, reason) => {
    expect(decodeResponseBody(body, headers, { maxResponseBytes: 100 })).toEqual({
      ok: false,
      problem: 'too_large',
      reason,
    });
  });

  test('exactly the cap is accepted', () => {
    const body = gzipSync(Buffer.alloc(100, 0x61));
    expect(
      text(decodeResponseBody(body, { 'content-encoding': 'gzip' }, { maxResponseBytes: 100 })),
    ).toHaveLength(100);
    expect(text(decodeResponseBody('a'.repeat(100), {}, { maxResponseBytes: 100 }))).toHaveLength(
      100,
    );
  });

  test.each(['gzip', 'br', 'deflate'])(
    'a %s bomb stops at the cap instead of inflating',
    (encoding) => {
      const inflated = Buffer.alloc(32 * MIB);
      const fastBrotli = { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } };
      const bomb =
        encoding === 'br'
          ? brotliCompressSync(inflated, fastBrotli)
          : encoding === 'gzip'
            ? gzipSync(inflated)
            : deflateSync(inflated);
      expect(bomb.length).toBeLessThan(MIB);

      const result = decodeResponseBody(
        bomb,
        { 'content-encoding': encoding },
        { maxResponseBytes: MIB },
      );

      expect(result).toMatchObject({ ok: false, problem: 'too_large' });
    },
  );

  test('an unusable cap falls back to 1 MiB', () => {
    expect(decodeResponseBody('a'.repeat(MIB), {}, { maxResponseBytes: Number.NaN }).ok).toBe(true);
    expect(decodeResponseBody('a'.repeat(MIB + 1), {}, { maxResponseBytes: -1 }).ok).toBe(false);
  });
});
