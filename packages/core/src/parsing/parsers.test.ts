import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import type { ParserConfig } from '../config/types.js';
import { compileParser } from './index.js';
import type { CapturedResponse, Classification, ClassifyOptions } from './index.js';
import { MAX_REASON_LENGTH } from './limits.js';

const NOW_MS = Date.UTC(2025, 5, 15, 12);
const OPTIONS: ClassifyOptions = {
  errorStatuses: [408, 429, '5xx'],
  maxResponseBytes: 1024 * 1024,
  nowMs: NOW_MS,
};
const CLASSIC_XML: ParserConfig = {
  kind: 'classic',
  validPattern: '<result>(.*)</result>',
  successPattern: '^success$',
  reasonPattern: '<reason>([^<]*)</reason>',
};

function classify(
  config: ParserConfig,
  response: Partial<CapturedResponse>,
  options: Partial<ClassifyOptions> = {},
): Classification {
  return compileParser(config).classify(
    { status: 200, headers: {}, body: '', ...response },
    { ...OPTIONS, ...options },
  );
}

describe('status and transport rules, before the body', () => {
  test.each([0, 99, 600, 200.5, Number.NaN])('status %s is invalid', (status) => {
    expect(classify(CLASSIC_XML, { status, body: '<result>success</result>' })).toEqual({
      outcome: 'error',
      reason: `invalid HTTP status ${status}`,
    });
  });

  test.each([
    [503, [408, 429, '5xx'], 'error'],
    [599, ['5xx'], 'error'],
    [409, [409], 'error'],
    [404, ['4xx'], 'error'],
    [503, [], 'success'],
    [429, ['5xx'], 'success'],
  ] as const)('%s with errorStatuses %j is %s', (status, errorStatuses, outcome) => {
    const result = classify(
      CLASSIC_XML,
      { status, body: '<result>success</result>' },
      { errorStatuses },
    );
    expect(result.outcome).toBe(outcome);
  });

  test('an error status names the status and its phrase', () => {
    expect(classify(CLASSIC_XML, { status: 503 }).reason).toBe('HTTP 503 Service Unavailable');
  });

  test.each([
    ['seconds', '120', 120_000],
    ['an HTTP-date', 'Sun, 15 Jun 2025 12:00:30 GMT', 30_000],
  ])('Retry-After in %s is returned in ms', (_name, value, retryAfterMs) => {
    const headers = { 'Retry-After': value };
    expect(classify(CLASSIC_XML, { status: 429, headers })).toEqual({
      outcome: 'error',
      reason: 'HTTP 429 Too Many Requests',
      retryAfterMs,
    });
  });

  test('an invalid Retry-After is left out; a valid one is kept whatever the outcome', () => {
    expect(
      classify(CLASSIC_XML, { status: 503, headers: { 'retry-after': 'soon' } }),
    ).not.toHaveProperty('retryAfterMs');
    const success = classify(CLASSIC_XML, {
      headers: { 'retry-after': '5' },
      body: '<result>success</result>',
    });
    expect(success).toEqual({ outcome: 'success', reason: null, retryAfterMs: 5000 });
  });

  test('a body over the cap is an error', () => {
    const result = classify(CLASSIC_XML, { body: 'x'.repeat(101) }, { maxResponseBytes: 100 });
    expect(result).toEqual({
      outcome: 'error',
      reason: 'response too large: body exceeds 100 bytes',
    });
  });

  test('raw bytes are decompressed and decoded before parsing', () => {
    const body = gzipSync(
      iconv.encode('<result>failure</result><reason>Adresse ungültig</reason>', 'latin1'),
    );
    const headers = { 'content-encoding': 'gzip', 'content-type': 'text/xml; charset=ISO-8859-1' };
    expect(classify(CLASSIC_XML, { body, headers })).toEqual({
      outcome: 'failure',
      reason: 'Adresse ungültig',
    });
  });

  test('bytes that do not decompress are an error naming the status', () => {
    const result = classify(CLASSIC_XML, {
      body: Buffer.from('plain'),
      headers: { 'Content-Encoding': 'gzip' },
    });
    expect(result).toEqual({
      outcome: 'error',
      reason: 'HTTP 200 OK: body is not valid gzip data',
    });
  });

  test('anything unexpected becomes a parser failure instead of an exception', () => {
    const headers = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('headers exploded');
        },
      },
    );
    expect(classify(CLASSIC_XML, { headers })).toEqual({
      outcome: 'error',
      reason: 'parser failure: headers exploded',
    });
  });
});

describe('classic parser', () => {
  test('without a successPattern a valid answer with a 2xx status is success, others failure', () => {
    const config: ParserConfig = { kind: 'classic', validPattern: '<result>(.*)</result>' };
    expect(classify(config, { body: '<result>x</result>' }).outcome).toBe('success');
    expect(classify(config, { status: 404, body: '<result>x</result>' })).toEqual({
      outcome: 'failure',
      reason:
        'HTTP 404 Not Found: not a 2xx status and no successPattern configured; no reason found (no reasonPattern configured)',
    });
    expect(classify(config, { status: 404, body: 'nothing' }).outcome).toBe('error');
  });

  test.each([
    [
      'several reasons in document order, repeats dropped',
      '<reason>a</reason><reason>b</reason><reason>a</reason>',
      'a, b',
    ],
    ['whitespace trimmed and collapsed', '<reason>\n  bad\n  phone </reason>', 'bad phone'],
    ['empty values dropped', '<reason> </reason><reason>late</reason>', 'late'],
  ])('%s', (_name, reasons, expected) => {
    expect(classify(CLASSIC_XML, { body: `<result>failure</result>${reasons}` }).reason).toBe(
      expected,
    );
  });

  test('only empty reasons fall back to the default reason', () => {
    const config: ParserConfig = { ...CLASSIC_XML, defaultReason: 'declined' };
    expect(classify(config, { body: '<result>no</result><reason></reason>' }).reason).toBe(
      'declined',
    );
  });

  test(`a long reason is cut to ${MAX_REASON_LENGTH} characters`, () => {
    const reason = classify(CLASSIC_XML, {
      body: `<result>no</result><reason>${'x'.repeat(5000)}</reason>`,
    }).reason;
    expect(reason).toHaveLength(MAX_REASON_LENGTH);
    expect(reason?.endsWith('…')).toBe(true);
  });

  test('the reason pattern searches the whole body, outside the captured text too', () => {
    const body = '<reason>first</reason><result>failure</result>';
    expect(classify(CLASSIC_XML, { body }).reason).toBe('first');
  });
});

describe('search parser', () => {
  const json = (body: unknown): Partial<CapturedResponse> => ({
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  test.each([
    ['onMatch error, not found', { term: 'maintenance', onMatch: 'error' }, 'ok', 'success'],
    [
      'onMatch failure, found',
      { term: 'duplicate', onMatch: 'failure' },
      'Duplicate lead',
      'failure',
    ],
    ['onMatch success, not found', { term: 'accepted' }, 'rejected', 'failure'],
    [
      'a term in HTML is searched as text',
      { term: 'thank you' },
      '<html><p>Thank You!</p></html>',
      'success',
    ],
  ] as const)('%s', (_name, config, body, outcome) => {
    expect(
      classify({ kind: 'search', ...config }, { body, headers: { 'content-type': 'text/html' } })
        .outcome,
    ).toBe(outcome);
  });

  test('numbers at a path are searched as JSON writes them', () => {
    expect(
      classify({ kind: 'search', term: '^42$', path: 'code' }, json({ code: 42 })).outcome,
    ).toBe('success');
  });

  test('nothing at the path is not found, and the reason says so', () => {
    const result = classify({ kind: 'search', term: 'ok', path: 'status' }, json({ other: 'ok' }));
    expect(result).toEqual({
      outcome: 'failure',
      reason:
        'HTTP 200 OK: search term did not match (nothing at path status); no reason found (no reasonPath configured)',
    });
  });

  test('an XPath on a JSON body is an error, not a guess', () => {
    const result = classify(
      { kind: 'search', term: 'ok', path: '/response/status' },
      json({ status: 'ok' }),
    );
    expect(result).toEqual({
      outcome: 'error',
      reason: 'HTTP 200 OK: path /response/status is not a JSON path, and the body is JSON',
    });
  });

  test('an XML body that is not well-formed is an error when a path needs it', () => {
    const result = classify(
      { kind: 'search', term: 'ok', path: '/r/s' },
      { headers: { 'content-type': 'application/xml' }, body: '<r><s>ok</s>' },
    );
    expect(result).toEqual({
      outcome: 'error',
      reason: 'HTTP 200 OK: body is not well-formed XML (needed for path /r/s)',
    });
  });

  test('an XML body too complex to evaluate is an error', () => {
    const body = `<r>${'<s>x</s>'.repeat(5000)}</r>`;
    const result = classify(
      { kind: 'search', term: 'ok', path: '/r/s' },
      { headers: { 'content-type': 'text/xml' }, body },
    );
    expect(result.outcome).toBe('error');
    expect(result.reason).toMatch(
      /^HTTP 200 OK: body is XML too complex to evaluate: over 1000 nodes/,
    );
  });

  test('a reasonPath that needs JSON makes a non-JSON body an error', () => {
    const result = classify(
      { kind: 'search', term: 'accepted', reasonPath: 'reason' },
      { headers: { 'content-type': 'application/json' }, body: 'rejected' },
    );
    expect(result).toEqual({
      outcome: 'error',
      reason: 'HTTP 200 OK: body is not valid JSON (needed for reasonPath reason)',
    });
  });

  test('a reasonPath with no reading for text leaves a generated reason that says so', () => {
    const result = classify(
      { kind: 'search', term: 'accepted', reasonPath: 'reason' },
      { body: 'rejected' },
    );
    expect(result).toEqual({
      outcome: 'failure',
      reason:
        'HTTP 200 OK: search term did not match in the body; no reason found (reasonPath does not apply to a text body)',
    });
  });

  test('XML without a Content-Type is sniffed and read with XPath, default namespace included', () => {
    const body =
      '<response xmlns="urn:buyer"><status>rejected</status><reason>Duplicate</reason></response>';
    const result = classify(
      { kind: 'search', term: '^accepted$', path: '/response/status', reasonPath: '//reason' },
      { body },
    );
    expect(result).toEqual({ outcome: 'failure', reason: 'Duplicate' });
  });

  test('without a term, a reasonPath still explains a non-2xx answer', () => {
    const result = classify(
      { kind: 'search', reasonPath: 'error.message' },
      { status: 400, ...json({ error: { message: 'missing email' } }) },
    );
    expect(result).toEqual({ outcome: 'failure', reason: 'missing email' });
  });

  test('success never carries the default reason', () => {
    const config: ParserConfig = {
      kind: 'search',
      term: 'ok',
      defaultReason: 'declined',
      reasonPath: 'r',
    };
    expect(classify(config, json({ r: 'ok' }))).toEqual({ outcome: 'success', reason: null });
  });
});
