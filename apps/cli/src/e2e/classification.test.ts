import { gzipSync } from 'node:zlib';
import type { ServerResponse } from 'node:http';
import { startBuyer, type ReceivedRequest, type TestBuyer } from '../test-support/buyer.js';
import {
  dest,
  FIELDS,
  LEAD,
  source,
  startTestStack,
  type TestStack,
} from '../test-support/stack.js';

/** What each buyer path answers: status, headers and raw bytes. */
const ANSWERS: Record<string, { headers: Record<string, string>; body: Buffer }> = {
  '/xml': {
    headers: { 'content-type': 'text/xml' },
    body: Buffer.from(
      '<response><result>failure</result><reason>Duplicate lead</reason></response>',
    ),
  },
  '/json': {
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from(
      JSON.stringify({
        status: 'rejected',
        errors: [{ message: 'bad zip' }, { message: 'bad phone' }],
      }),
    ),
  },
  '/text': { headers: { 'content-type': 'text/plain' }, body: Buffer.from('OK') },
  '/html': {
    headers: { 'content-type': 'text/html' },
    body: Buffer.from('<html><body><h1>Welcome</h1></body></html>'),
  },
  '/gzip': {
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: gzipSync(JSON.stringify({ status: 'accepted', id: 'G1' })),
  },
  '/latin1': {
    headers: { 'content-type': 'text/plain; charset=iso-8859-1' },
    body: Buffer.from('REJECT: Código postal inválido', 'latin1'),
  },
};

function answerByPath(request: ReceivedRequest, response: ServerResponse) {
  const answer = ANSWERS[request.path];
  if (!answer) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, answer.headers);
  response.end(answer.body);
}

const CLASSIC_XML = {
  kind: 'classic',
  validPattern: '<result>(.*)</result>',
  successPattern: '^success$',
  reasonPattern: '<reason>([^<]*)</reason>',
};
const JSON_SEARCH = {
  kind: 'search',
  term: '^accepted$',
  path: 'status',
  reasonPath: 'errors.*.message',
};
const TEXT_CLASSIC = {
  kind: 'classic',
  validPattern: '^(OK|REJECT)',
  successPattern: '^OK$',
  reasonPattern: '^REJECT: (.*)$',
};

describe('the delivery worker classifies real buyer answers', () => {
  let stack: TestStack;
  let buyer: TestBuyer;

  beforeAll(async () => {
    buyer = await startBuyer(answerByPath);
    const all = { success: 'continue', failure: 'continue', error: 'continue' };
    const destinations = [
      ['xml', CLASSIC_XML],
      ['json', JSON_SEARCH],
      ['text', TEXT_CLASSIC],
      ['html', CLASSIC_XML],
      ['gzip', JSON_SEARCH],
      ['latin1', TEXT_CLASSIC],
    ].map(([id, parser]) =>
      dest(id as string, `${buyer.url}/${id as string}`, { parser, behavior: all }),
    );
    stack = await startTestStack({
      sources: [source('k')],
      campaigns: [{ id: 'k', fields: FIELDS, destinations }],
    });
  });

  afterAll(async () => {
    await stack.close();
    await stack.cleanup();
    await buyer.close();
  });

  test('XML, JSON, text, HTML, gzip and Latin-1 answers get the right outcome and reason on the lead', async () => {
    const { lead } = (await (await stack.post('k', LEAD)).json()) as { lead: { id: string } };
    const settled = await stack.settled(lead.id);
    const byId = Object.fromEntries(settled.destinations.map((d) => [d.id, [d.outcome, d.reason]]));

    expect(byId).toEqual({
      xml: ['failure', 'Duplicate lead'],
      json: ['failure', 'bad zip, bad phone'],
      text: ['success', null],
      html: ['error', expect.stringMatching(/HTTP 200/)],
      gzip: ['success', null],
      latin1: ['failure', 'Código postal inválido'],
    });
    expect(settled.status).toBe('delivered');
    expect(buyer.requests.map((r) => r.path)).toEqual([
      '/xml',
      '/json',
      '/text',
      '/html',
      '/gzip',
      '/latin1',
    ]);
  });
});
