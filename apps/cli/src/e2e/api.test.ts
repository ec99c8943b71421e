import { createRedis } from '@leadrelay/runtime';
import { answer, startBuyer, type TestBuyer } from '../test-support/buyer.js';
import {
  dest,
  FIELDS,
  LEAD,
  SOURCE_KEY,
  source,
  startTestStack,
  SUCCESS_XML,
  TEST_REDIS_URL,
  type TestStack,
} from '../test-support/stack.js';

describe('ingest API', () => {
  let stack: TestStack;
  let buyer: TestBuyer;

  beforeAll(async () => {
    buyer = await startBuyer(answer(200, SUCCESS_XML, 'text/xml'));
    stack = await startTestStack({
      sources: [
        source('c1'),
        { id: 'other', apiKey: 'other-source-key-abcdef', campaigns: ['c2'] },
      ],
      campaigns: [
        { id: 'c1', fields: FIELDS, destinations: [dest('a', `${buyer.url}/leads`)] },
        { id: 'c2', fields: [], destinations: [dest('a', `${buyer.url}/c2`)] },
      ],
    });
  });

  afterAll(async () => {
    await stack.close();
    await stack.cleanup();
    await buyer.close();
  });

  const url = (path: string) => `${stack.apiUrl}${path}`;

  test('a valid JSON lead is queued, delivered normalized, and visible by id', async () => {
    const response = await stack.post('c1', LEAD);
    expect(response.status).toBe(202);
    const body = (await response.json()) as { outcome: string; lead: { id: string } };
    expect(body.outcome).toBe('queued');
    const lead = await stack.settled(body.lead.id);
    expect(lead).toMatchObject({ id: body.lead.id, status: 'delivered', campaignId: 'c1' });
    const sent = buyer.requests.find((r) => r.path === '/leads');
    expect(new URLSearchParams(sent?.body).get('email')).toBe('pat.doe@example.com');
    expect(new URLSearchParams(sent?.body).get('phone')).toBe('4155550134');
  });

  test('form and query-string input are accepted', async () => {
    const form = await fetch(url('/v1/campaigns/c1/leads'), {
      method: 'POST',
      headers: { 'x-api-key': SOURCE_KEY, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'form@example.com', phone: '4155550100' }).toString(),
    });
    expect(form.status).toBe(202);
    const query = await fetch(
      url('/v1/campaigns/c1/leads?email=q%40example.com&phone=4155550101'),
      {
        method: 'POST',
        headers: { 'x-api-key': SOURCE_KEY },
      },
    );
    expect(query.status).toBe(202);
  });

  test('an invalid lead gets 422 with every reason and is never delivered', async () => {
    const before = buyer.requests.length;
    const response = await stack.post('c1', { email: 'not-an-email', state: 'Atlantis' });
    expect(response.status).toBe(422);
    const body = (await response.json()) as {
      outcome: string;
      reasons: string[];
      lead: { id: string };
    };
    expect(body.outcome).toBe('failure');
    expect(body.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^email /),
        expect.stringMatching(/^phone /),
        expect.stringMatching(/^state /),
      ]),
    );
    expect(body.reasons).toHaveLength(3);
    const lead = await stack.lead(body.lead.id);
    expect(lead.status).toBe('invalid');
    expect(lead.destinations).toEqual([]);
    // Nothing was enqueued for it: the destination queue holds no job for this lead.
    const redis = createRedis(TEST_REDIS_URL, 'blocking', 'api-test');
    const jobKeys = await redis.keys(`${stack.prefix}:*${body.lead.id}*`);
    redis.disconnect();
    expect(jobKeys.filter((key) => !key.includes(':lead:'))).toEqual([]);
    // A valid lead posted after it is delivered; the invalid one never reaches the buyer.
    const next = (await (await stack.post('c1', LEAD)).json()) as { lead: { id: string } };
    await stack.settled(next.lead.id);
    expect(buyer.requests.slice(before).every((r) => !r.body.includes('not-an-email'))).toBe(true);
  });

  test('Accept: application/xml gets the Classic XML shape', async () => {
    const response = await stack.post('c1', LEAD, { accept: 'application/xml' });
    expect(response.status).toBe(202);
    expect(response.headers.get('content-type')).toMatch(/application\/xml/);
    const text = await response.text();
    expect(text).toMatch(
      /<response><result>queued<\/result><leadId>[0-9a-f-]{36}<\/leadId><\/response>/,
    );
    const invalid = await stack.post('c1', { email: 'x' }, { accept: 'application/xml' });
    expect(invalid.status).toBe(422);
    expect(await invalid.text()).toMatch(
      /<result>failure<\/result><reason>email [^<]+<\/reason><reason>phone [^<]+<\/reason>/,
    );
  });

  test.each([
    ['no key', {}, 401],
    ['a wrong key', { 'x-api-key': 'wrong-key-000000000000' }, 401],
    ['a key of another campaign', { 'x-api-key': 'other-source-key-abcdef' }, 403],
  ])('%s is refused', async (_name, headers, status) => {
    const response = await fetch(url('/v1/campaigns/c1/leads'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(LEAD),
    });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { outcome: string }).outcome).toBe('failure');
  });

  test('client errors get 4xx, never 5xx', async () => {
    const post = (path: string, body: string, contentType: string) =>
      fetch(url(path), {
        method: 'POST',
        headers: { 'x-api-key': SOURCE_KEY, 'content-type': contentType },
        body,
      });
    expect((await post('/v1/campaigns/nope/leads', '{}', 'application/json')).status).toBe(404);
    expect((await post('/v1/campaigns/c1/leads', '{"email":', 'application/json')).status).toBe(
      400,
    );
    expect((await post('/v1/campaigns/c1/leads', '[1,2]', 'application/json')).status).toBe(400);
    expect((await post('/v1/campaigns/c1/leads', 'email=x', 'text/plain')).status).toBe(415);
    expect((await post('/v1/campaigns/c1/leads', 'x', 'application/octet-stream')).status).toBe(
      415,
    );
    const huge = JSON.stringify({ email: 'a@example.com', note: 'x'.repeat(200_000) });
    expect((await post('/v1/campaigns/c1/leads', huge, 'application/json')).status).toBe(413);
  });

  test('form bodies: declared charset, repeated keys in linear time', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('email=jos%E9@example.com&phone=4155550102&city=S'),
      Buffer.from([0xe3]),
      Buffer.from('o'),
    ]);
    const response = await fetch(url('/v1/campaigns/c1/leads'), {
      method: 'POST',
      headers: {
        'x-api-key': SOURCE_KEY,
        'content-type': 'application/x-www-form-urlencoded; charset=iso-8859-1',
      },
      body: latin1,
    });
    expect(response.status).toBe(422); // é is not valid in an email address…
    expect(((await response.json()) as { reasons: string[] }).reasons).toEqual([
      'email is not a valid email address',
    ]);
    const started = Date.now();
    const repeated = await fetch(url('/v1/campaigns/c1/leads'), {
      method: 'POST',
      headers: {
        'x-api-key': 'wrong-key-000000000000',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: Array(32_000).fill('f').join('&'),
    });
    expect(repeated.status).toBe(401);
    expect(Date.now() - started).toBeLessThan(2000); // was 6 s when each repeat copied the array
    const unknown = await fetch(url('/v1/campaigns/c1/leads'), {
      method: 'POST',
      headers: {
        'x-api-key': SOURCE_KEY,
        'content-type': 'application/x-www-form-urlencoded; charset=klingon',
      },
      body: 'email=a',
    });
    expect(unknown.status).toBe(415);
  });

  test('JSON under other media types is accepted; a JSON null is malformed', async () => {
    for (const type of ['text/json', 'application/vnd.api+json']) {
      const response = await fetch(url('/v1/campaigns/c1/leads'), {
        method: 'POST',
        headers: { 'x-api-key': SOURCE_KEY, 'content-type': type },
        body: JSON.stringify(LEAD),
      });
      expect(response.status).toBe(202);
    }
    const nothing = await fetch(url('/v1/campaigns/c1/leads'), {
      method: 'POST',
      headers: { 'x-api-key': SOURCE_KEY, 'content-type': 'application/json' },
      body: 'null',
    });
    expect(nothing.status).toBe(400);
  });

  test('a lead is visible only to its own source', async () => {
    const { lead } = (await (await stack.post('c1', LEAD)).json()) as { lead: { id: string } };
    const other = await fetch(url(`/v1/leads/${lead.id}`), {
      headers: { 'x-api-key': 'other-source-key-abcdef' },
    });
    expect(other.status).toBe(404);
    const none = await fetch(url(`/v1/leads/${lead.id}`));
    expect(none.status).toBe(401);
  });

  test('health and readiness', async () => {
    expect((await fetch(url('/healthz'))).status).toBe(200);
    expect((await fetch(url('/readyz'))).status).toBe(200);
  });
});
