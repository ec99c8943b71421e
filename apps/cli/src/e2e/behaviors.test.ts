import { answer, sequence, startBuyer, type TestBuyer } from '../test-support/buyer.js';
import {
  dest,
  FAILURE_XML,
  FIELDS,
  LEAD,
  source,
  startTestStack,
  SUCCESS_XML,
  type TestStack,
} from '../test-support/stack.js';

const ERROR_503 = answer(503, 'down for maintenance');

describe('behaviors end to end (real Redis, loopback buyers)', () => {
  let stack: TestStack | undefined;
  let buyers: TestBuyer[] = [];

  async function buyersAnswering(...handlers: Parameters<typeof startBuyer>[0][]) {
    buyers = await Promise.all(handlers.map((handler) => startBuyer(handler)));
    return buyers;
  }

  afterEach(async () => {
    await stack?.close();
    await stack?.cleanup();
    await Promise.all(buyers.map((b) => b.close()));
    stack = undefined;
    buyers = [];
  });

  async function run(destinations: unknown[], deliveredWhen = 1) {
    stack = await startTestStack({
      sources: [source('c1')],
      campaigns: [{ id: 'c1', fields: FIELDS, deliveredWhen, destinations }],
    });
    const response = await stack.post('c1', LEAD);
    expect(response.status).toBe(202);
    const { lead } = (await response.json()) as { lead: { id: string } };
    return stack.settled(lead.id);
  }

  test('exclusive fallback: failure continues, error is retried later and stops, success stops', async () => {
    const [a, b, c, d] = await buyersAnswering(
      answer(200, FAILURE_XML),
      sequence(ERROR_503, answer(200, SUCCESS_XML)),
      answer(200, SUCCESS_XML),
      answer(200, SUCCESS_XML),
    );
    const exclusive = { success: 'stop', failure: 'continue', error: 'stop_retry_later' };
    const lead = await run([
      dest('a', a!.url, { behavior: exclusive }),
      dest('b', b!.url, { behavior: exclusive }),
      dest('c', c!.url, { behavior: exclusive }),
      dest('d', d!.url, { behavior: exclusive }),
    ]);

    expect(lead.status).toBe('delivered');
    expect(lead.destinations.map((x) => [x.outcome, x.attempts])).toEqual([
      ['failure', 1],
      ['success', 2],
      [null, 0],
      [null, 0],
    ]);
    expect(lead.destinations[0]?.reason).toBe('Not buying');
    expect(lead.destinations.map((x) => x.id)).toEqual(['a', 'b', 'c', 'd']);
    expect([
      a!.requests.length,
      b!.requests.length,
      c!.requests.length,
      d!.requests.length,
    ]).toEqual([1, 2, 0, 0]);
    // Both attempts at b carry the same Idempotency-Key, so the buyer can dedupe.
    const keys = b!.requests.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    expect(lead.attempts.map((x) => [x.destinationId, x.attempt, x.outcome, x.httpStatus])).toEqual(
      [
        ['a', 1, 'failure', 200],
        ['b', 1, 'error', 503],
        ['b', 2, 'success', 200],
      ],
    );
  });

  test('send to all: continue on every outcome reaches every destination once', async () => {
    const [a, b, c] = await buyersAnswering(
      answer(200, SUCCESS_XML),
      answer(200, FAILURE_XML),
      ERROR_503,
    );
    const all = { success: 'continue', failure: 'continue', error: 'continue' };
    const lead = await run([
      dest('a', a!.url, { behavior: all }),
      dest('b', b!.url, { behavior: all }),
      dest('c', c!.url, { behavior: all }),
    ]);

    expect(lead.status).toBe('delivered');
    expect(lead.destinations.map((x) => x.outcome)).toEqual(['success', 'failure', 'error']);
    expect([a!.requests.length, b!.requests.length, c!.requests.length]).toEqual([1, 1, 1]);
    expect(lead.destinations[2]?.reason).toMatch(/503/);
  });

  test('continue_retry_later: the retried destination later succeeds and the next receives the lead exactly once', async () => {
    const [a, b] = await buyersAnswering(
      sequence(ERROR_503, ERROR_503, answer(200, SUCCESS_XML)),
      answer(200, SUCCESS_XML),
    );
    const lead = await run(
      [
        dest('a', a!.url, {
          behavior: { success: 'continue', failure: 'continue', error: 'continue_retry_later' },
          retry: { backoff: 'fixed', delayMs: 50, maxAttempts: 5, maxAgeMs: 60000, jitter: 0 },
        }),
        dest('b', b!.url, { behavior: { success: 'stop', failure: 'stop', error: 'stop' } }),
      ],
      2,
    );

    expect(lead.status).toBe('delivered');
    expect(a!.requests).toHaveLength(3);
    expect(b!.requests).toHaveLength(1);
    expect(lead.destinations.map((x) => [x.outcome, x.attempts])).toEqual([
      ['success', 3],
      ['success', 1],
    ]);
  });

  test.each([
    ['stop', 'error', 0],
    ['continue', 'delivered', 1],
  ])(
    'retries exhausted with onRetriesExhausted %s',
    async (onRetriesExhausted, status, nextRequests) => {
      const [a, b] = await buyersAnswering(ERROR_503, answer(200, SUCCESS_XML));
      const lead = await run([
        dest('a', a!.url, {
          onRetriesExhausted,
          retry: { backoff: 'fixed', delayMs: 20, maxAttempts: 3, maxAgeMs: 60000, jitter: 0 },
        }),
        dest('b', b!.url),
      ]);

      expect(lead.status).toBe(status);
      expect(a!.requests).toHaveLength(3);
      expect(b!.requests).toHaveLength(nextRequests);
      expect(lead.destinations[0]).toMatchObject({
        outcome: 'error',
        reason: 'retries exhausted',
        attempts: 3,
      });
      expect(lead.attempts.filter((x) => x.destinationId === 'a').map((x) => x.reason)).toEqual([
        expect.stringMatching(/503/),
        expect.stringMatching(/503/),
        expect.stringMatching(/503/),
      ]);
    },
  );
});
