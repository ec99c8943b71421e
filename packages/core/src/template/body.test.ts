import { XML_DECLARATION } from './body.js';
import { renderRequest, type RequestTemplate } from './request.js';
import { NASTY, SYSTEM, destination } from './test-support/fixtures.js';

const NASTY_FORM =
  'a%26b%3Dc+%3Cd%3E+%22q%22+%27x%27%0D%0AX-Evil%3A+1+%C3%A9%F0%9F%98%80+%23%7Bemail%7D';
const NASTY_JSON = `a&b=c <d> \\"q\\" 'x'\\r\\nX-Evil: 1 é\u{1F600} #{email}`;
const NASTY_XML = `a&amp;b=c &lt;d&gt; &quot;q&quot; &apos;x&apos;\r\nX-Evil: 1 é\u{1F600} #{email}`;

const fields = { email: NASTY, first: 'Zoë', n: '42', ctl: 'a\u0000b\u001Fc' };

describe('renderRequest: bodies', () => {
  const cases: [string, Partial<RequestTemplate>, string, string][] = [
    [
      'form: keys and values URLSearchParams-encoded',
      { body: { email: '#{email}', 'a b&c': 'x=#{first}', static: 'v 1', num: 5, flag: true } },
      `email=${NASTY_FORM}&a+b%26c=x%3DZo%C3%AB&static=v+1&num=5&flag=true`,
      'application/x-www-form-urlencoded',
    ],
    [
      'form: unknown placeholder and null are empty',
      { body: { a: '#{missing}', b: null } },
      'a=&b=',
      'application/x-www-form-urlencoded',
    ],
    [
      'json map: values escaped by JSON.stringify',
      { format: 'json', body: { email: '#{email}', name: 'Hi #{first}!' } },
      `{"email":"${NASTY_JSON}","name":"Hi Zoë!"}`,
      'application/json',
    ],
    [
      'json map: nesting, arrays and literal leaves',
      {
        format: 'json',
        body: {
          lead: { id: '#{xxLeadId}', tags: ['#{n}', 'x'] },
          count: 3,
          ok: false,
          none: null,
          ['__proto__']: '#{first}',
        },
      },
      '{"lead":{"id":"lead-1","tags":["42","x"]},"count":3,"ok":false,"none":null,"__proto__":"Zoë"}',
      'application/json',
    ],
    [
      'json map: control characters escaped',
      { format: 'json', body: { c: '#{ctl}' } },
      '{"c":"a\\u0000b\\u001fc"}',
      'application/json',
    ],
    [
      'json template: values escaped as string content',
      { format: 'json', body: '{"email":"#{email}","age":#{n},"id":"#{xxLeadId}"}' },
      `{"email":"${NASTY_JSON}","age":42,"id":"lead-1"}`,
      'application/json',
    ],
    [
      'xml map: elements under xmlRoot, text escaped',
      { format: 'xml', xmlRoot: 'Lead', body: { email: '#{email}', first: '#{first}' } },
      `${XML_DECLARATION}<Lead><email>${NASTY_XML}</email><first>Zoë</first></Lead>`,
      'application/xml',
    ],
    [
      'xml map: nesting, repeated elements, literals',
      {
        format: 'xml',
        body: { contact: { phone: ['#{n}', '555'] }, count: 2, empty: null, c: '#{ctl}' },
      },
      `${XML_DECLARATION}<lead><contact><phone>42</phone><phone>555</phone></contact>` +
        '<count>2</count><empty></empty><c>abc</c></lead>',
      'application/xml',
    ],
    [
      'xml template: values escaped, markup kept',
      { format: 'xml', body: '<post><e a="#{first}">#{email}</e><c>#{ctl}</c></post>' },
      `<post><e a="Zoë">${NASTY_XML}</e><c>abc</c></post>`,
      'application/xml',
    ],
  ];

  test.each(cases)('%s', (_name, overrides, body, contentType) => {
    const rendered = renderRequest(destination(overrides), fields, SYSTEM);
    expect(rendered.body).toBe(body);
    expect(rendered.contentType).toBe(contentType);
  });

  test.each([
    ['json map', { format: 'json', body: { v: '#{email}', w: ['#{email}'] } }],
    ['json template', { format: 'json', body: '{"v":"#{email}","w":["#{email}"]}' }],
  ] as [string, Partial<RequestTemplate>][])(
    '%s: the body parses back to the exact value',
    (_name, overrides) => {
      const rendered = renderRequest(destination(overrides), fields, SYSTEM);
      expect(JSON.parse(rendered.body ?? '')).toEqual({ v: NASTY, w: [NASTY] });
    },
  );

  test.each([
    ['form', { body: { v: '#{email}' } }, `v=${NASTY_FORM}`],
    ['json map', { format: 'json', body: { v: '#{email}' } }, `{"v":"${NASTY_JSON}"}`],
    ['json template', { format: 'json', body: '"#{email}"' }, `"${NASTY_JSON}"`],
    ['xml template', { format: 'xml', body: '<v>#{email}</v>' }, `<v>${NASTY_XML}</v>`],
  ] as [string, Partial<RequestTemplate>, string][])(
    '%s: a value holding #{…} is not expanded',
    (_name, overrides, body) => {
      const rendered = renderRequest(destination(overrides), { email: NASTY }, SYSTEM);
      expect(rendered.body).toBe(body);
    },
  );

  test.each([
    ['007 is not a JSON number: it is quoted', '007', '{"n":"007","v":"007"}'],
    ['a clean number', '42', '{"n":42,"v":"42"}'],
    [
      'an injection attempt becomes one string',
      '1}, "evil": {"x":1',
      '{"n":"1}, \\"evil\\": {\\"x\\":1","v":"1}, \\"evil\\": {\\"x\\":1"}',
    ],
    ['empty is null', '', '{"n":null,"v":""}'],
    ['a quote inside a string does not confuse the scanner', '5', '{"n":5,"v":"5"}'],
  ])('json raw template, value outside quotes: %s', (_name, value, expected) => {
    const template = '{"n":#{n},"v":"#{n}"}';
    const request = renderRequest(
      destination({ format: 'json', body: template }),
      { n: value },
      SYSTEM,
    );
    expect(request.body).toBe(expected);
    expect(() => JSON.parse(request.body ?? '')).not.toThrow();
  });

  test('json raw template: escaped quotes inside literals keep the scanner in step', () => {
    const template = '{"s":"say \\"hi\\" #{n}","n":#{n}}';
    const request = renderRequest(
      destination({ format: 'json', body: template }),
      { n: '7' },
      SYSTEM,
    );
    expect(JSON.parse(request.body ?? '')).toEqual({ s: 'say "hi" 7', n: 7 });
  });

  test('a raw template for form is refused at compile time', () => {
    expect(() => renderRequest(destination({ body: 'a=#{a}' }), {}, SYSTEM)).toThrow(TypeError);
  });

  test('a nested form field is refused at compile time', () => {
    const target = destination({ body: { a: { b: 'c' } } });
    expect(() => renderRequest(target, {}, SYSTEM)).toThrow(TypeError);
  });
});
