import { brotliCompressSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { ParserConfig } from '../config/types.js';
import { compileParser } from './index.js';
import type { CapturedResponse, Classification, ClassifyOptions, CompiledParser } from './index.js';
import { MAX_REASON_LENGTH } from './limits.js';

const MIB = 1024 * 1024;
const OPTIONS: ClassifyOptions = {
  errorStatuses: [408, 429, '5xx'],
  maxResponseBytes: MIB,
  nowMs: Date.UTC(2025, 0, 1),
};

const CONFIGS: ParserConfig[] = [
  { kind: 'classic' },
  {
    kind: 'classic',
    validPattern: '<result>(.*)</result>',
    successPattern: '^success$',
    reasonPattern: '<reason>([^<]*)</reason>',
  },
  {
    kind: 'classic',
    validPattern: '^(OK|REJECT|ERROR)',
    successPattern: '^OK$',
    reasonPattern: '^REJECT: (.*)$',
  },
  { kind: 'search' },
  { kind: 'search', reasonPath: 'errors.*.message', defaultReason: 'declined' },
  { kind: 'search', term: '^accepted$', path: 'status', reasonPath: 'errors.*.message' },
  { kind: 'search', term: '^success$', path: '/response/status', reasonPath: '//reason' },
  {
    kind: 'search',
    term: 'duplicate|rejected',
    onMatch: 'failure',
    reasonPath: '^rejected\\|(.*)$',
  },
  {
    kind: 'search',
    term: 'maintenance',
    onMatch: 'error',
    path: 'status',
    contentType: 'application/json',
  },
];
const PARSERS: CompiledParser[] = CONFIGS.map((config) => compileParser(config));

/** The shape every classification must have, whatever went in. */
function expectWellFormed(result: Classification): void {
  expect(['success', 'failure', 'error']).toContain(result.outcome);
  if (result.outcome === 'success') expect(result.reason).toBeNull();
  else {
    expect(typeof result.reason).toBe('string');
    expect(result.reason?.trim()).not.toBe('');
    expect(result.reason?.length).toBeLessThanOrEqual(MAX_REASON_LENGTH);
  }
  if (result.retryAfterMs !== undefined) {
    expect(Number.isFinite(result.retryAfterMs)).toBe(true);
    expect(result.retryAfterMs).toBeGreaterThanOrEqual(0);
  }
}

const statusArb = fc.oneof(
  fc.integer({ min: 100, max: 599 }),
  fc.constantFrom(200, 201, 400, 404, 429, 503),
  fc.integer({ min: -1000, max: 2000 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 200.5),
);
const headerValueArb = (known: string[]): fc.Arbitrary<string | string[] | undefined> =>
  fc.oneof(
    fc.constantFrom(...known),
    fc.string(),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.constant(undefined),
  );
const headersArb = fc.record(
  {
    'content-type': headerValueArb([
      'application/json',
      'text/xml; charset=iso-8859-1',
      'application/soap+xml',
      'text/plain; charset=shift_jis',
      'text/html',
      'application/json; charset=utf-16',
    ]),
    'Content-Encoding': headerValueArb(['gzip', 'br', 'deflate', 'identity', 'compress']),
    'retry-after': headerValueArb(['120', 'Wed, 01 Jan 2025 00:01:00 GMT', '-1', 'soon']),
  },
  { requiredKeys: [] },
);
const xmlArb = fc
  .array(
    fc.constantFrom(
      '<response>',
      '</response>',
      '<status>',
      '</status>',
      'success',
      '<reason>',
      '</reason>',
      '<![CDATA[x]]>',
      '&amp;',
      '<',
      '>',
      ' ',
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));
const bodyArb: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.json(),
  xmlArb,
  fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
  xmlArb.map((text) => gzipSync(text)),
  fc.json().map((text) => brotliCompressSync(text)),
);
const responseArb: fc.Arbitrary<CapturedResponse> = fc.record({
  status: statusArb,
  headers: headersArb,
  body: bodyArb,
});

describe('classification properties', () => {
  test('never throws and is always well-formed, for any status, headers and body', () => {
    fc.assert(
      fc.property(fc.nat({ max: PARSERS.length - 1 }), responseArb, (index, response) => {
        expectWellFormed(
          PARSERS[index]?.classify(response, OPTIONS) ?? { outcome: 'error', reason: 'no parser' },
        );
      }),
      { numRuns: 1500 },
    );
  });

  test('the same response always gets the same classification', () => {
    fc.assert(
      fc.property(fc.nat({ max: PARSERS.length - 1 }), responseArb, (index, response) => {
        const parser = PARSERS[index];
        expect(parser?.classify(response, OPTIONS)).toEqual(parser?.classify(response, OPTIONS));
      }),
      { numRuns: 300 },
    );
  });

  test('an error status is an error whatever the body says', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: PARSERS.length - 1 }),
        fc.integer({ min: 500, max: 599 }),
        bodyArb,
        (index, status, body) => {
          const result = PARSERS[index]?.classify({ status, headers: {}, body }, OPTIONS);
          expect(result?.outcome).toBe('error');
          expect(result?.reason).toContain(String(status));
        },
      ),
      { numRuns: 200 },
    );
  });
});

// Bodies chosen to hurt: backtracking bait, parser bait, binary noise, deep nesting.
const ADVERSARIAL_FRAGMENTS = [
  '<result>',
  '<reason>',
  '<result>success',
  'REJECT: ',
  '<',
  '<a>',
  '[',
  '{"errors":[',
  '{"status":"x",',
  '<![CDATA[',
  '&',
  'a',
  '\u0000\uffff\ud800',
];

const hugeBodyArb = fc
  .tuple(
    fc.constantFrom(...ADVERSARIAL_FRAGMENTS),
    fc.integer({ min: MIB / 2, max: MIB }),
    fc.constantFrom('', '</result>', '</reason>', ']', '}', 'x'),
    fc.boolean(),
  )
  .map(([fragment, bytes, tail, asBuffer]) => {
    const repeated = fragment.repeat(Math.ceil(bytes / fragment.length));
    const text = `${repeated.slice(0, bytes - tail.length)}${tail}`;
    return asBuffer ? Buffer.from(text) : text;
  });

describe('bounded work on huge and adversarial bodies', () => {
  test('each classification of a body up to 1 MiB finishes within 2 s', () => {
    let slowestMs = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: PARSERS.length - 1 }),
        hugeBodyArb,
        fc.constantFrom(undefined, 'application/json', 'text/xml'),
        (index, body, contentType) => {
          const headers = contentType === undefined ? {} : { 'content-type': contentType };
          const startedMs = performance.now();
          const result = PARSERS[index]?.classify({ status: 200, headers, body }, OPTIONS);
          slowestMs = Math.max(slowestMs, performance.now() - startedMs);
          expectWellFormed(result ?? { outcome: 'error', reason: 'no parser' });
        },
      ),
      { numRuns: 40 },
    );
    expect(slowestMs).toBeLessThan(2000);
  });

  test('every parser finishes within 2 s on each adversarial 1 MiB body', () => {
    for (const fragment of ADVERSARIAL_FRAGMENTS) {
      const body = fragment.repeat(Math.ceil(MIB / fragment.length)).slice(0, MIB / 2);
      for (const parser of PARSERS) {
        const startedMs = performance.now();
        expectWellFormed(parser.classify({ status: 200, headers: {}, body }, OPTIONS));
        expect(performance.now() - startedMs).toBeLessThan(2000);
      }
    }
  });

  test('bodies of several MiB, plain or compressed, are refused at once as too large', () => {
    const plain = Buffer.alloc(8 * MIB, 0x61);
    const bomb = gzipSync(Buffer.alloc(64 * MIB));
    for (const parser of PARSERS) {
      for (const [body, headers] of [
        [plain, {}],
        [plain.toString(), {}],
        [bomb, { 'content-encoding': 'gzip' }],
      ] as const) {
        const startedMs = performance.now();
        const result = parser.classify({ status: 200, headers, body }, OPTIONS);
        expect(result.outcome).toBe('error');
        expect(result.reason).toMatch(/^response too large/);
        expect(performance.now() - startedMs).toBeLessThan(2000);
      }
    }
  });
});
