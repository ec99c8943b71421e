import { QueueSet, createRedis } from '@leadrelay/runtime';
import { answer, sequence, startBuyer, type TestBuyer } from '../test-support/buyer.js';
import {
  dest,
  FIELDS,
  source,
  startTestStack,
  SUCCESS_XML,
  TEST_REDIS_URL,
  type TestStack,
} from '../test-support/stack.js';
import { waitFor } from '../test-support/wait.js';

describe('auto-pause after consecutive errors', () => {
  let stack: TestStack;
  let buyer: TestBuyer;

  afterAll(async () => {
    await stack.close();
    await stack.cleanup();
    await buyer.close();
  });

  test('pauses the destination, keeps its leads waiting, then resumes by itself', async () => {
    const down = answer(500, 'broken');
    buyer = await startBuyer(sequence(down, down, answer(200, SUCCESS_XML)));
    stack = await startTestStack({
      sources: [source('ap')],
      campaigns: [
        {
          id: 'ap',
          fields: FIELDS,
          destinations: [
            dest('fragile', buyer.url, {
              concurrency: 1,
              pauseAfterConsecutiveErrors: 2,
              pauseCooldownMs: 1000,
              retry: { backoff: 'fixed', delayMs: 20, maxAttempts: 5, maxAgeMs: 60_000, jitter: 0 },
            }),
          ],
        },
      ],
    });
    const redis = createRedis(TEST_REDIS_URL, 'blocking', 'auto-pause-test');
    const queues = new QueueSet(redis, stack.prefix);
    const queue = queues.get('{deliver.ap.fragile}');
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await stack.post('ap', {
          email: `ap${i}@example.com`,
          phone: `415555${String(3000 + i)}`,
        });
        ids.push(((await response.json()) as { lead: { id: string } }).lead.id);
      }
      await buyer.received(2);
      await waitFor(
        async () => ((await queue.isPaused()) ? true : undefined),
        'the queue to pause',
      );
      const pausedAt = Date.now();
      expect(stack.logs.join('')).toMatch(/destination auto-paused after consecutive errors/);
      const metrics = await (await fetch(`${stack.apiUrl}/metrics`)).text();
      expect(metrics).toMatch(
        /leadrelay_destination_pauses_total\{campaign="ap",destination="fragile"\} 1/,
      );
      expect(buyer.requests).toHaveLength(2); // nothing sent while paused

      await waitFor(
        async () => ((await queue.isPaused()) ? undefined : true),
        'the queue to resume',
        10_000,
      );
      expect(Date.now() - pausedAt).toBeGreaterThanOrEqual(800);
      for (const id of ids) expect((await stack.settled(id)).status).toBe('delivered');
      expect(stack.logs.join('')).toMatch(/destination resumed after auto-pause/);
    } finally {
      await queues.close();
      redis.disconnect();
    }
  });
});
