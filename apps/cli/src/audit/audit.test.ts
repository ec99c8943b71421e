import { createRedis, QueueSet, RedisLeadStore } from '@leadrelay/runtime';
import { answer, startBuyer, type TestBuyer } from '../test-support/buyer.js';
import {
  dest,
  FIELDS,
  LEAD,
  source,
  startTestStack,
  SUCCESS_XML,
  TEST_REDIS_URL,
  type TestStack,
} from '../test-support/stack.js';
import { audit } from './audit.js';

describe('leadrelay audit', () => {
  let stack: TestStack | undefined;
  let buyer: TestBuyer;
  const redis = createRedis(TEST_REDIS_URL, 'blocking', 'audit-test');

  beforeAll(async () => {
    buyer = await startBuyer(answer(200, SUCCESS_XML));
  });

  afterEach(async () => {
    await stack?.close();
    await stack?.cleanup();
  });

  afterAll(async () => {
    await buyer.close();
    redis.disconnect();
  });

  const campaigns = () => ({
    sources: [source('au')],
    campaigns: [
      { id: 'au', fields: FIELDS, destinations: [dest('a', buyer.url), dest('b', buyer.url)] },
    ],
  });

  async function run(s: TestStack) {
    const queues = new QueueSet(redis, s.prefix);
    try {
      return await audit(redis, s.prefix, s.catalog, queues);
    } finally {
      await queues.close();
    }
  }

  test('a healthy run has no problems', async () => {
    stack = await startTestStack(campaigns());
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(((await (await stack.post('au', LEAD)).json()) as { lead: { id: string } }).lead.id);
    for (const id of ids) await stack.settled(id);
    await stack.post('au', { email: 'invalid' });
    const report = await run(stack);
    expect(report.problems).toEqual([]);
    expect(report.leads).toBe(6);
  });

  test('finds lost jobs, orphan jobs, out-of-order and excess attempts', async () => {
    // No worker: first deliveries stay queued, so the audit sees live jobs it can check.
    stack = await startTestStack(campaigns(), { roles: ['api'] });
    const post = async () =>
      ((await (await stack!.post('au', LEAD)).json()) as { lead: { id: string } }).lead.id;
    const [healthy, lostJob, orphan, disordered] = [
      await post(),
      await post(),
      await post(),
      await post(),
    ];
    const queues = new QueueSet(redis, stack.prefix);
    const queue = queues.get('{deliver.au.a}');
    await (await queue.getJob(`${lostJob}-0-1`))?.remove();
    await redis.del(`${stack.prefix}:lead:{${orphan}}`);
    const store = new RedisLeadStore(redis, stack.prefix, 60_000);
    const record = (attempt: number) =>
      store.recordAttempt(disordered, {
        destinationId: 'a',
        destinationIndex: 0,
        attempt,
        outcome: 'error',
        reason: 'x',
        httpStatus: 503,
        durationMs: 1,
        at: new Date().toISOString(),
      });
    for (const attempt of [2, 3, 4, 5]) await record(attempt);
    await queues.close();

    const report = await run(stack);
    const found = report.problems.map((p) => [p.kind, p.leadId]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['delivery_job_missing', lostJob],
        ['job_without_lead', orphan],
        ['attempts_out_of_order', disordered],
        ['attempted_past_policy', disordered],
      ]),
    );
    expect(report.problems.filter((p) => p.leadId === healthy)).toEqual([]);
  });
});
