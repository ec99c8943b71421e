import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createRedis, QueueSet } from '@leadrelay/runtime';
import { audit } from '../audit/audit.js';
import { startLocalRedis, type LocalRedis } from '../local-redis.js';
import { answer, startBuyer, type BuyerHandler, type TestBuyer } from '../test-support/buyer.js';
import {
  dest,
  FIELDS,
  source,
  startTestStack,
  SUCCESS_XML,
  type TestStack,
} from '../test-support/stack.js';
import { waitFor } from '../test-support/wait.js';

const slowSuccess: BuyerHandler = (_request, response) => {
  setTimeout(() => {
    if (response.destroyed) return;
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end(SUCCESS_XML);
  }, 100);
};

describe('Redis faults (private redis-server)', () => {
  let redis: LocalRedis | undefined;
  let stack: TestStack | undefined;
  let buyer: TestBuyer | undefined;
  let dir = '';

  afterEach(async () => {
    await stack?.close();
    await redis?.stop();
    await buyer?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    stack = undefined;
    redis = undefined;
  });

  test('a restart with AOF while leads are in flight loses nothing, and nobody restarts', async () => {
    dir = await mkdtemp(join(tmpdir(), 'leadrelay-aof-'));
    const aof = { args: ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir] };
    redis = await startLocalRedis(aof);
    const port = Number(new URL(redis.url).port);
    buyer = await startBuyer(slowSuccess);
    const all = { success: 'continue', failure: 'continue', error: 'stop_retry_later' };
    stack = await startTestStack(
      {
        sources: [source('aof')],
        campaigns: [
          {
            id: 'aof',
            fields: FIELDS,
            destinations: [
              dest('a', buyer.url, { behavior: all, concurrency: 5 }),
              dest('b', buyer.url, { behavior: all, concurrency: 5 }),
            ],
          },
        ],
      },
      { env: { REDIS_URL: redis.url, JOB_LOCK_MS: '1000' } },
    );
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const response = await stack.post('aof', {
        email: `aof${i}@example.com`,
        phone: `415555${String(5000 + i)}`,
      });
      ids.push(((await response.json()) as { lead: { id: string } }).lead.id);
    }
    await buyer.received(3);
    // SHUTDOWN flushes the AOF; the same port and directory come back with the same data.
    const admin = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await admin.connect();
    await admin.call('SHUTDOWN').catch(() => undefined);
    admin.disconnect();
    await redis.stop();
    redis = await startLocalRedis({ ...aof, port });

    for (const id of ids) expect((await stack.settled(id, 60_000)).status).toBe('delivered');
    const check = createRedis(redis.url, 'blocking', 'aof-audit');
    const queues = new QueueSet(check, stack.prefix);
    const report = await waitFor(async () => {
      const r = await audit(check, stack!.prefix, stack!.catalog, queues);
      return r.problems.length === 0 ? r : undefined;
    }, 'a clean audit after the restart');
    expect(report.leads).toBe(20);
    await queues.close();
    check.disconnect();
  });

  test('at maxmemory with noeviction, ingest answers 503 fast and stores nothing', async () => {
    redis = await startLocalRedis({
      args: ['--maxmemory', '3mb', '--maxmemory-policy', 'noeviction'],
    });
    buyer = await startBuyer(answer(200, SUCCESS_XML));
    stack = await startTestStack(
      {
        sources: [source('mem')],
        campaigns: [{ id: 'mem', fields: FIELDS, destinations: [dest('a', buyer.url)] }],
      },
      { env: { REDIS_URL: redis.url } },
    );
    const filler = new Redis(redis.url);
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 200; i++) {
      const ok = await filler.set(`filler:${i}`, chunk).then(
        () => true,
        () => false,
      );
      if (!ok) break;
    }
    const leadsBefore = (await filler.keys(`${stack.prefix}:lead:*`)).length;
    const started = Date.now();
    const response = await stack.post('mem', { email: 'full@example.com', phone: '4155556000' });
    expect(response.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await filler.keys(`${stack.prefix}:lead:*`)).length).toBe(leadsBefore);
    expect(await filler.zcard(`${stack.prefix}:leads:pending`)).toBe(0);
    expect(buyer.requests).toHaveLength(0);
    filler.disconnect();
  });
});
