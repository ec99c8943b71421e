import { startLocalRedis, type LocalRedis } from '../local-redis.js';
import { answer, startBuyer, type TestBuyer } from '../test-support/buyer.js';
import {
  dest,
  FIELDS,
  SOURCE_KEY,
  LEAD,
  source,
  startTestStack,
  SUCCESS_XML,
  type TestStack,
} from '../test-support/stack.js';
import { waitFor } from '../test-support/wait.js';

describe('health while Redis goes away (private redis-server)', () => {
  let redis: LocalRedis;
  let stack: TestStack | undefined;
  let buyer: TestBuyer;

  beforeAll(async () => {
    buyer = await startBuyer(answer(200, SUCCESS_XML));
  });

  afterEach(async () => {
    await stack?.close();
    await redis?.stop();
  });

  afterAll(() => buyer.close());

  test('a Redis that hangs (SIGSTOP) gets ingest 503s within the command timeout and readyz 503', async () => {
    redis = await startLocalRedis();
    stack = await startTestStack(
      {
        sources: [source('h')],
        campaigns: [{ id: 'h', fields: FIELDS, destinations: [dest('a', buyer.url)] }],
      },
      { env: { REDIS_URL: redis.url } },
    );
    const url = stack.apiUrl as string;
    process.kill(redis.pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const response = await stack.post('h', LEAD);
      expect(response.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(8000);
      await waitFor(
        async () => ((await fetch(`${url}/readyz`)).status === 503 ? true : undefined),
        'readyz to notice the hang',
      );
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      process.kill(redis.pid, 'SIGCONT');
    }
    await waitFor(
      async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined),
      'readyz to recover',
    );
    expect((await stack.post('h', LEAD)).status).toBe(202);
  });

  test('/healthz stays 200 while /readyz turns 503, ingest answers 503 fast, and all recover', async () => {
    redis = await startLocalRedis();
    const port = Number(new URL(redis.url).port);
    stack = await startTestStack(
      {
        sources: [source('h')],
        campaigns: [{ id: 'h', fields: FIELDS, destinations: [dest('a', buyer.url)] }],
      },
      { env: { REDIS_URL: redis.url } },
    );
    const url = stack.apiUrl as string;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    await redis.stop();
    await waitFor(
      async () => ((await fetch(`${url}/readyz`)).status === 503 ? true : undefined),
      'readyz to turn 503',
    );
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const started = Date.now();
    const refused = await stack.post('h', LEAD);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(Date.now() - started).toBeLessThan(3000);
    const lookup = await fetch(`${url}/v1/leads/some-id`, { headers: { 'x-api-key': SOURCE_KEY } });
    expect(lookup.status).toBe(503);

    redis = await startLocalRedis({ port });
    await waitFor(
      async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined),
      'readyz to recover',
    );
    const accepted = await stack.post('h', LEAD);
    expect(accepted.status).toBe(202);
    const { lead } = (await accepted.json()) as { lead: { id: string } };
    expect((await stack.settled(lead.id)).status).toBe('delivered');
  });
});
