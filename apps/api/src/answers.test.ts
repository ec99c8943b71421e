import { toClassicXml, wantsXml } from './answers.js';

describe('wantsXml', () => {
  test.each([
    [undefined, false],
    ['application/json', false],
    ['application/xml', true],
    ['text/xml', true],
    ['application/xml, application/json', true],
    ['application/json, application/xml', false],
    ['application/xml;q=0, application/json', false],
    ['application/xml;q=0.9, application/json;q=0.5', true],
    ['application/json;q=0.5, text/xml', true],
    ['*/*', false],
  ])('%s → %s', (accept, expected) => {
    expect(wantsXml(accept)).toBe(expected);
  });
});

describe('toClassicXml', () => {
  test('reasons are escaped, one element each', () => {
    expect(toClassicXml({ outcome: 'failure', reasons: ['a < b', 'c & d'] })).toContain(
      '<result>failure</result><reason>a &lt; b</reason><reason>c &amp; d</reason>',
    );
  });
});
