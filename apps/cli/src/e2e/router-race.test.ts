import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedis, QueueSet, RedisLeadStore } from '@leadrelay/runtime';
import { answer, startBuyer, type TestBuyer } from '../test-support/buyer.js';
import {
  dest,
  FAILURE_XML,
  FIELDS,
  source,
  startTestStack,
  SUCCESS_XML,
  TEST_REDIS_URL,
  type TestStack,
} from '../test-support/stack.js';
import { waitFor } from '../test-support/wait.js';
import { spawnCli, type CliProcess } from '../test-support/process.js';

const LEADS = 40;
const DUPLICATES_PER_EVENT = 3;

describe('two router processes racing on the same leads', () => {
  let stack: TestStack | undefined;
  let buyers: TestBuyer[] = [];
  let routers: CliProcess[] = [];
  let dir = '';

  afterEach(async () => {
    await Promise.all(routers.map((router) => router.stop()));
    await stack?.close();
    await stack?.cleanup();
    await Promise.all(buyers.map((b) => b.close()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('every route event delivered three times is applied once: no lead advances twice', async () => {
    buyers = await Promise.all([
      startBuyer(answer(200, FAILURE_XML)),
      startBuyer(answer(200, SUCCESS_XML)),
    ]);
    const [a, b] = buyers as [TestBuyer, TestBuyer];
    const campaigns = {
      sources: [source('race')],
      campaigns: [
        { id: 'race', fields: FIELDS, destinations: [dest('a', a.url), dest('b', b.url)] },
      ],
    };
    // No worker serves `a`: its first attempts are recorded below, as a worker would.
    stack = await startTestStack(campaigns, {
      roles: ['api', 'worker'],
      env: { WORKER_DESTINATIONS: 'b' },
    });
    dir = await mkdtemp(join(tmpdir(), 'leadrelay-race-'));
    const campaignsFile = join(dir, 'campaigns.json');
    await writeFile(campaignsFile, JSON.stringify(campaigns));

    const leadIds: string[] = [];
    for (let i = 0; i < LEADS; i++) {
      const response = await stack.post('race', {
        email: `p${i}@example.com`,
        phone: `415555${String(1000 + i)}`,
      });
      leadIds.push(((await response.json()) as { lead: { id: string } }).lead.id);
    }

    const redis = createRedis(TEST_REDIS_URL, 'blocking', 'race-test');
    const store = new RedisLeadStore(redis, stack.prefix, 60_000);
    const queues = new QueueSet(redis, stack.prefix);
    const routeQueue = queues.get('{route}');
    for (const leadId of leadIds) {
      await store.recordAttempt(leadId, {
        destinationId: 'a',
        destinationIndex: 0,
        attempt: 1,
        outcome: 'failure',
        reason: 'Not buying',
        httpStatus: 200,
        durationMs: 1,
        at: new Date().toISOString(),
      });
      const data = {
        leadId,
        campaignId: 'race',
        destinationIndex: 0,
        attempt: 1,
        outcome: 'failure' as const,
      };
      for (let copy = 0; copy < DUPLICATES_PER_EVENT; copy++) {
        await routeQueue.add('route', data, { jobId: `${leadId}-0-1-copy${copy}` });
      }
    }

    const env = {
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: stack.prefix,
      CAMPAIGNS_FILE: campaignsFile,
      LOG_LEVEL: 'warn',
      ROUTER_CONCURRENCY: '16',
    };
    routers = [spawnCli(['router'], env), spawnCli(['router'], env)];

    for (const leadId of leadIds) {
      const lead = await stack.settled(leadId, 30_000);
      expect(lead.status).toBe('delivered');
      expect(lead.destinations.map((d) => [d.outcome, d.attempts])).toEqual([
        ['failure', 1],
        ['success', 1],
      ]);
    }
    await b.received(LEADS);
    const keys = b.requests.map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(LEADS);
    expect(b.requests).toHaveLength(LEADS);

    // Every copy was processed: one applied per event, the rest seen as duplicates.
    const results = await waitFor(async () => {
      const done = await routeQueue.getJobs(['completed'], 0, -1);
      const copies = done.filter((job) => String(job.id).includes('-copy'));
      return copies.length === LEADS * DUPLICATES_PER_EVENT
        ? copies.map((j) => (j.returnvalue as { result: string }).result)
        : undefined;
    }, 'every duplicated route job to complete');
    expect(results.filter((r) => r === 'applied')).toHaveLength(LEADS);
    expect(results.filter((r) => r === 'duplicate')).toHaveLength(
      LEADS * (DUPLICATES_PER_EVENT - 1),
    );
    expect(a.requests).toHaveLength(0);
    await queues.close();
    redis.disconnect();
  });
});
