import {
  compileDestinationRequest,
  renderRequest,
  type RenderedRequest,
  type RequestTemplate,
} from './request.js';
import { NASTY, SYSTEM, destination } from './test-support/fixtures.js';

const FORM = 'application/x-www-form-urlencoded';
const NASTY_URL =
  "a%26b%3Dc%20%3Cd%3E%20%22q%22%20'x'%0D%0AX-Evil%3A%201%20%C3%A9%F0%9F%98%80%20%23%7Bemail%7D";
const NASTY_FORM =
  'a%26b%3Dc+%3Cd%3E+%22q%22+%27x%27%0D%0AX-Evil%3A+1+%C3%A9%F0%9F%98%80+%23%7Bemail%7D';

describe('renderRequest: URL, query and headers', () => {
  const cases: [string, Partial<RequestTemplate>, Record<string, string>, RenderedRequest][] = [
    [
      'static URL, empty form body',
      {},
      {},
      {
        method: 'POST',
        url: 'https://buyer.example/leads',
        headers: {},
        body: '',
        contentType: FORM,
      },
    ],
    [
      'URL placeholders are percent-encoded',
      { url: 'https://buyer.example/l/#{id}?e=#{email}' },
      { id: 'a/b?c', email: NASTY },
      {
        method: 'POST',
        url: `https://buyer.example/l/a%2Fb%3Fc?e=${NASTY_URL}`,
        headers: {},
        body: '',
        contentType: FORM,
      },
    ],
    [
      'system placeholders, unknown ones empty',
      { url: 'https://b.example/#{xxCampaignId}?id=#{xxLeadId}&at=#{xxDateTimeCollected}&n=#{no}' },
      {},
      {
        method: 'POST',
        url: 'https://b.example/solar-us?id=lead-1&at=2024-05-06T07%3A08%3A09.000Z&n=',
        headers: {},
        body: '',
        contentType: FORM,
      },
    ],
    [
      'GET query appended with ?',
      { method: 'GET', format: 'query', body: { e: '#{email}', k: 'key 1' } },
      { email: NASTY },
      {
        method: 'GET',
        url: `https://buyer.example/leads?e=${NASTY_FORM}&k=key+1`,
        headers: {},
      },
    ],
    [
      'query joins an existing query with &',
      { method: 'GET', format: 'query', url: 'https://b.example/x?src=1', body: { a: '1' } },
      {},
      { method: 'GET', url: 'https://b.example/x?src=1&a=1', headers: {} },
    ],
    [
      'query after a trailing ? or & adds no separator',
      { method: 'GET', format: 'query', url: 'https://b.example/x?', body: { a: '1' } },
      {},
      { method: 'GET', url: 'https://b.example/x?a=1', headers: {} },
    ],
    [
      'query goes before a fragment',
      { method: 'GET', format: 'query', url: 'https://b.example/x?s=1#top', body: { a: '#{a}' } },
      { a: '#' },
      { method: 'GET', url: 'https://b.example/x?s=1&a=%23#top', headers: {} },
    ],
    [
      'empty query leaves the URL alone',
      { method: 'GET', format: 'query', body: {} },
      {},
      { method: 'GET', url: 'https://buyer.example/leads', headers: {} },
    ],
    [
      'POST with query format has no body',
      { format: 'query', body: { a: '#{a}' } },
      { a: 'x y' },
      { method: 'POST', url: 'https://buyer.example/leads?a=x+y', headers: {} },
    ],
    [
      'header values cannot inject headers',
      { headers: { 'X-Key': 'k-#{key}', 'X-Email': '#{email}' } },
      { key: '1\r\nX-Admin: true', email: NASTY },
      {
        method: 'POST',
        url: 'https://buyer.example/leads',
        headers: {
          'X-Key': 'k-1X-Admin: true',
          'X-Email': `a&b=c <d> "q" 'x'X-Evil: 1  #{email}`,
        },
        body: '',
        contentType: FORM,
      },
    ],
    [
      'a configured Content-Type wins',
      { format: 'json', body: {}, headers: { 'content-type': 'application/vnd.buyer+json' } },
      {},
      {
        method: 'POST',
        url: 'https://buyer.example/leads',
        headers: { 'content-type': 'application/vnd.buyer+json' },
        body: '{}',
        contentType: 'application/vnd.buyer+json',
      },
    ],
  ];

  test.each(cases)('%s', (_name, overrides, fields, expected) => {
    expect(renderRequest(destination(overrides), fields, SYSTEM)).toEqual(expected);
  });

  test('lead fields cannot override system placeholders', () => {
    const rendered = renderRequest(
      destination({ url: 'https://b.example/?id=#{xxLeadId}' }),
      { xxLeadId: 'spoofed' },
      SYSTEM,
    );
    expect(rendered.url).toBe('https://b.example/?id=lead-1');
  });

  test('placeholders never reach Object.prototype', () => {
    const rendered = renderRequest(
      destination({ url: 'https://b.example/?a=#{constructor}&b=#{__proto__}&c=#{toString}' }),
      {},
      SYSTEM,
    );
    expect(rendered.url).toBe('https://b.example/?a=&b=&c=');
  });

  test('a compiled destination renders many leads without sharing state', () => {
    const compiled = compileDestinationRequest(
      destination({ url: 'https://b.example/#{id}', headers: { 'X-Id': '#{id}' } }),
    );
    const first = compiled.render({ id: '1' }, SYSTEM);
    const second = compiled.render({ id: '2' }, SYSTEM);

    expect([first.url, first.headers['X-Id']]).toEqual(['https://b.example/1', '1']);
    expect([second.url, second.headers['X-Id']]).toEqual(['https://b.example/2', '2']);
    first.headers['X-Id'] = 'changed';
    expect(compiled.render({ id: '3' }, SYSTEM).headers['X-Id']).toBe('3');
  });

  test('renderRequest reuses the compiled form of a destination', () => {
    const target = destination({ url: 'https://b.example/#{id}' });
    expect(renderRequest(target, { id: 'a' }, SYSTEM).url).toBe('https://b.example/a');
    expect(renderRequest(target, { id: 'b' }, SYSTEM).url).toBe('https://b.example/b');
  });
});
