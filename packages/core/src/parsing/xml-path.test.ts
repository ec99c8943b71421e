import { MAX_XML_DEPTH, MAX_XML_NODES } from './limits.js';
import { compileXPath, parseXml, selectXml } from './xml-path.js';
import type { CompiledXPath, XmlDocument } from './xml-path.js';

function xml(text: string): XmlDocument {
  const result = parseXml(text);
  if (!result.ok) throw new Error(result.message);
  return result.xml;
}

function xpath(source: string): CompiledXPath {
  const result = compileXPath(source);
  if (!result.ok) throw new Error(result.message);
  return result.xpath;
}

const ANSWER = `<?xml version="1.0"?>
<response code="201">
  <status>failure</status>
  <errors><error>bad phone</error><error>bad email</error></errors>
  <reason><![CDATA[Phone on <dnc> list]]></reason>
</response>`;

describe('selectXml', () => {
  test.each([
    ['/response/status', ['failure']],
    ['/response/errors/error', ['bad phone', 'bad email']],
    ['//error', ['bad phone', 'bad email']],
    ['/response/errors/error[2]', ['bad email']],
    ['/response/errors/error/text()', ['bad phone', 'bad email']],
    ['/response/@code', ['201']],
    ['/response/reason', ['Phone on <dnc> list']],
    ['count(//error)', ['2']],
    ['/response/status = "failure"', ['true']],
    ['string(/response/status)', ['failure']],
    ['/response/missing', []],
  ])('%s', (source, expected) => {
    expect(selectXml(xml(ANSWER), xpath(source))).toEqual(expected);
  });

  test('unprefixed names match elements in a default namespace', () => {
    const document = xml('<response xmlns="urn:buyer"><status>ok</status></response>');
    expect(selectXml(document, xpath('/response/status'))).toEqual(['ok']);
  });

  test('prefixes resolve against the declarations of the document, wherever they are', () => {
    const soap =
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>' +
      '<b:Result xmlns:b="urn:buyer">accepted</b:Result></s:Body></s:Envelope>';
    expect(selectXml(xml(soap), xpath('/s:Envelope/s:Body/b:Result'))).toEqual(['accepted']);
    expect(selectXml(xml('<r/>'), xpath('/b:Result'))).toEqual([]);
  });
});

describe('parseXml', () => {
  test.each([
    ['an unclosed element', '<response><status>ok</status>'],
    ['JSON', '{"status":"ok"}'],
    ['an empty body', ''],
    ['two roots', '<a/><b/>'],
    ['an HTML entity', '<r>&nbsp;</r>'],
  ])('%s is not well-formed XML', (_name, text) => {
    expect(parseXml(text)).toEqual({
      ok: false,
      problem: 'invalid',
      message: 'is not well-formed XML',
    });
  });

  test('DTD entities are not expanded (no entity bombs, no external files)', () => {
    const bomb = '<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>';
    const external = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    expect(parseXml(bomb).ok).toBe(false);
    expect(parseXml(external).ok).toBe(false);
  });

  test.each([
    ['too many elements', `<r>${'<s>x</s>'.repeat(MAX_XML_NODES)}</r>`],
    [
      'too many attributes',
      `<r ${Array.from({ length: MAX_XML_NODES }, (_, i) => `a${i}="x"`).join(' ')}/>`,
    ],
    ['too deep', `${'<a>'.repeat(MAX_XML_DEPTH + 1)}${'</a>'.repeat(MAX_XML_DEPTH + 1)}`],
    ['a flood of tags, before parsing', '<a>'.repeat(500_000)],
  ])('%s is too complex', (_name, text) => {
    expect(parseXml(text)).toMatchObject({ ok: false, problem: 'too_complex' });
  });

  test('a document at the limits is evaluated quickly', () => {
    const wide = `<r>${'<s>x</s>'.repeat(MAX_XML_NODES / 2 - 2)}</r>`;
    const startedMs = performance.now();
    expect(selectXml(xml(wide), xpath('//s'))).toHaveLength(MAX_XML_NODES / 2 - 2);
    expect(performance.now() - startedMs).toBeLessThan(2000);
  });
});

describe('compileXPath', () => {
  test.each([
    '/response/status',
    'status',
    '//error[@code="1"]',
    'count(//a)',
    '/s:Envelope/s:Body',
  ])('%s is valid', (source) => {
    expect(compileXPath(source).ok).toBe(true);
  });

  test.each([
    ['/a[', 'invalid XPath: XPath parse error'],
    ['//', 'invalid XPath: XPath parse error'],
    ['errors.*.message', 'invalid XPath: XPath parse error'],
    ['bogus()', 'invalid XPath: Unknown function bogus'],
    ['$lead', 'invalid XPath: Undeclared variable: $lead'],
  ])('%s is rejected', (source, message) => {
    expect(compileXPath(source)).toEqual({ ok: false, message });
  });
});
