import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedis, QueueSet } from '@leadrelay/runtime';
import { audit } from '../audit/audit.js';
import {
  startBuyer,
  type BuyerHandler,
  type ReceivedRequest,
  type TestBuyer,
} from '../test-support/buyer.js';
import { spawnCli, type CliProcess } from '../test-support/process.js';
import {
  dest,
  FIELDS,
  source,
  startTestStack,
  TEST_REDIS_URL,
  type TestStack,
} from '../test-support/stack.js';
import { waitFor } from '../test-support/wait.js';

const LEADS = 30;

/** Answers after `delayMs` with a fixed XML result. */
function slow(delayMs: number, result: string): BuyerHandler {
  return (_request, response) => {
    setTimeout(() => {
      if (response.destroyed) return;
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(`<response><result>${result}</result><reason>r</reason></response>`);
    }, delayMs);
  };
}

function perKey(requests: ReceivedRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const key = String(r.headers['idempotency-key']);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('SIGKILL of worker and router processes mid-flight', () => {
  let stack: TestStack;
  let buyers: TestBuyer[];
  let dir: string;
  const processes: CliProcess[] = [];

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await stack.close();
    await stack.cleanup();
    await Promise.all(buyers.map((b) => b.close()));
    await rm(dir, { recursive: true, force: true });
  });

  test('every lead ends final, none advances twice, and audit finds nothing', async () => {
    buyers = await Promise.all([startBuyer(slow(300, 'failure')), startBuyer(slow(50, 'success'))]);
    const [first, second] = buyers as [TestBuyer, TestBuyer];
    const campaigns = {
      sources: [source('k')],
      campaigns: [
        {
          id: 'k',
          fields: FIELDS,
          destinations: [
            dest('first', first.url, { concurrency: 5 }),
            dest('second', second.url, { concurrency: 5 }),
          ],
        },
      ],
    };
    stack = await startTestStack(campaigns, { roles: ['api'] });
    dir = await mkdtemp(join(tmpdir(), 'leadrelay-kill-'));
    const campaignsFile = join(dir, 'campaigns.json');
    await writeFile(campaignsFile, JSON.stringify(campaigns));
    const spawnRole = async (role: string) => {
      const child = spawnCli([role], {
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: stack.prefix,
        CAMPAIGNS_FILE: campaignsFile,
        OPS_PORT: '0',
        HOST: '127.0.0.1',
        JOB_LOCK_MS: '1000',
      });
      processes.push(child);
      await child.listening();
      return child;
    };

    const worker = await spawnRole('worker');
    const router = await spawnRole('router');
    const ids: string[] = [];
    for (let i = 0; i < LEADS; i++) {
      const response = await stack.post('k', {
        email: `kill${i}@example.com`,
        phone: `415555${String(4000 + i)}`,
      });
      ids.push(((await response.json()) as { lead: { id: string } }).lead.id);
    }

    await first.received(5); // deliveries are in flight at the first buyer
    worker.child.kill('SIGKILL');
    await worker.exited;
    await spawnRole('worker');
    await second.received(5); // route steps are flowing
    router.child.kill('SIGKILL');
    await router.exited;
    await spawnRole('router');

    for (const id of ids) {
      const lead = await stack.settled(id, 60_000);
      expect(lead.status).toBe('delivered');
      expect(lead.destinations.map((d) => d.attempts)).toEqual([1, 1]);
    }
    // The only duplicates a buyer may see are re-sends of an attempt cut off by the kill,
    // with the same Idempotency-Key; the second buyer received every lead exactly once per key.
    for (const count of perKey(first.requests).values()) expect(count).toBeLessThanOrEqual(2);
    expect(perKey(first.requests).size).toBe(LEADS);
    expect(perKey(second.requests).size).toBe(LEADS);
    for (const count of perKey(second.requests).values()) expect(count).toBeLessThanOrEqual(2);

    const redis = createRedis(TEST_REDIS_URL, 'blocking', 'kill-audit');
    const queues = new QueueSet(redis, stack.prefix);
    const report = await waitFor(async () => {
      const r = await audit(redis, stack.prefix, stack.catalog, queues);
      return r.problems.length === 0 ? r : undefined;
    }, 'audit to come back clean');
    expect(report.leads).toBe(LEADS);
    await queues.close();
    redis.disconnect();
  });
});
