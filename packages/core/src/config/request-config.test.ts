import type { RequestFormat } from './types.js';
import { checkUrl, validateBody, validateHeaders } from './request-config.js';
import { collect } from './test-support/fixtures.js';

const asLines = (issues: { path: string; message: string }[]): string[] =>
  issues.map((i) => `${i.path}: ${i.message}`);

describe('checkUrl', () => {
  const NOT_HTTP = 'u: must be an absolute http or https URL';
  const HOST_PLACEHOLDER = 'u: placeholders are only allowed in the path, query and fragment';

  test.each([
    ['https://buyer.example/leads', []],
    ['http://10.0.0.5:8080/in', []],
    ['https://buyer.example/#{xxCampaignId}/leads?e=#{email}&id=#{xxLeadId}', []],
    ['https://buyer.example/p#{a}#{b}?#{c}=#{d}#frag#{e}', []],
    ['ftp://buyer.example/', [NOT_HTTP]],
    ['buyer.example/leads', [NOT_HTTP]],
    ['', [NOT_HTTP]],
    ['javascript:alert(1)', [NOT_HTTP]],
    ['#{url}', [NOT_HTTP]],
    ['https://#{host}/leads', [HOST_PLACEHOLDER]],
    ['https://api.#{host}.example/leads', [HOST_PLACEHOLDER]],
    ['https://buyer.example:#{port}/', [NOT_HTTP]],
    ['https://#{user}:pw@buyer.example/', [HOST_PLACEHOLDER]],
    ['http#{s}://buyer.example/', [NOT_HTTP]],
    ['https://buyer.example/?a=#{email', ['u: unterminated placeholder "#{" at character 26']],
  ])('%s', (url, expected) => {
    expect(asLines(collect((c) => checkUrl(c, url, ['u'])).issues)).toEqual(expected);
  });
});

describe('validateHeaders', () => {
  test.each([
    ['absent', undefined, {}, []],
    [
      'valid, numbers written as text',
      { 'X-Api-Key': 'k #{xxLeadId}', 'X-Version': 2, Accept: 'application/xml' },
      { 'X-Api-Key': 'k #{xxLeadId}', 'X-Version': '2', Accept: 'application/xml' },
      [],
    ],
    ['not an object', ['X-A: 1'], {}, ['h: must be an object of header names to values']],
    [
      'bad name',
      { 'X Key': 'v', 'X:Y': 'v' },
      {},
      ['h.X Key: is not a valid HTTP header name', 'h.X:Y: is not a valid HTTP header name'],
    ],
    [
      'CR LF in value',
      { 'X-A': 'v\r\nX-B: 1' },
      {},
      ['h.X-A: must not contain control characters or characters beyond Latin-1'],
    ],
    [
      'non-Latin-1 value',
      { 'X-A': 'naïve ✓' },
      {},
      ['h.X-A: must not contain control characters or characters beyond Latin-1'],
    ],
    ['value not a string', { 'X-A': { b: 1 } }, {}, ['h.X-A: must be a string']],
    [
      'duplicate ignoring case',
      { 'X-A': '1', 'x-a': '2' },
      { 'X-A': '1' },
      ['h.x-a: duplicates another header (names ignore case)'],
    ],
    [
      'reserved names',
      { 'Content-Length': '1', Host: 'h', 'Idempotency-Key': 'k', 'Transfer-Encoding': 'x' },
      {},
      [
        'h.Content-Length: is set by leadrelay and cannot be configured',
        'h.Host: is set by leadrelay and cannot be configured',
        'h.Idempotency-Key: is set by leadrelay and cannot be configured',
        'h.Transfer-Encoding: is set by leadrelay and cannot be configured',
      ],
    ],
    ['bad template', { 'X-A': '#{a' }, {}, ['h.X-A: unterminated placeholder "#{" at character 1']],
  ])('%s', (_name, raw, expected, lines) => {
    const { value, issues } = collect((c) => validateHeaders(c, raw, ['h']));
    expect(asLines(issues)).toEqual(lines);
    if (lines.length === 0 || Object.keys(expected).length > 0) expect(value).toEqual(expected);
  });
});

describe('validateBody', () => {
  const cases: [string, RequestFormat, unknown, string[]][] = [
    ['absent', 'form', undefined, []],
    ['flat form map', 'form', { a: '#{a}', n: 1, b: true, z: null }, []],
    ['query map', 'query', { a: '#{a}' }, []],
    ['nested json map', 'json', { a: { b: ['#{x}', 1, null, { c: false }] } }, []],
    ['json template', 'json', '{"email":"#{email}","age":#{age},"tags":["#{t}"]}', []],
    ['xml map', 'xml', { contact: { phone: ['#{p}', { kind: 'home' }] }, n: 3 }, []],
    ['xml template', 'xml', '<lead><e>#{email}</e></lead>', []],
    [
      'template for form',
      'form',
      'a=#{a}',
      ['b: must be a field map for format form (template strings need json or xml)'],
    ],
    [
      'template for query',
      'query',
      'a=#{a}',
      ['b: must be a field map for format query (template strings need json or xml)'],
    ],
    [
      'json template that is not JSON',
      'json',
      '{"a": #{a}',
      ['b: is not valid JSON once placeholders are filled in'],
    ],
    ['list body', 'json', ['a'], ['b: must be a field map or a template string']],
    ['number body for form', 'form', 5, ['b: must be a field map']],
    ['nested form', 'form', { a: { b: 'c' } }, ['b.a: must be a single value in a form body']],
    ['list in query', 'query', { a: ['x'] }, ['b.a: must be a single value in a query body']],
    ['empty field name', 'form', { '': 'x' }, ['b: field names cannot be empty']],
    ['infinite number', 'json', { a: Infinity }, ['b.a: must be a finite number']],
    [
      'date leaf',
      'json',
      { a: new Date(0) },
      ['b.a: must be a string, number, boolean, object or list'],
    ],
    [
      'bad xml names',
      'xml',
      { '1a': 'x', 'a b': 'y', 'ns:a': 'z' },
      [
        'b.1a: is not a valid XML element name',
        'b.a b: is not a valid XML element name',
        'b.ns:a: is not a valid XML element name',
      ],
    ],
    [
      'xml list in list',
      'xml',
      { a: [['x']] },
      ['b.a[0]: lists inside lists cannot be written as XML'],
    ],
    [
      'bad leaf template',
      'json',
      { a: { b: 'x#{' } },
      ['b.a.b: unterminated placeholder "#{" at character 2'],
    ],
    ['bad raw template', 'xml', '<a>#{}</a>', ['b: empty placeholder "#{}"']],
  ];

  test.each(cases)('%s', (_name, format, raw, lines) => {
    const { value, issues } = collect((c) => validateBody(c, raw, format, ['b']));
    expect(asLines(issues)).toEqual(lines);
    if (lines.length === 0) expect(value).toEqual(raw ?? {});
  });
});
