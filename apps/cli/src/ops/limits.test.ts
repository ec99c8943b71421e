import { answer, startBuyer, type BuyerHandler, type TestBuyer } from '../test-support/buyer.js';
import {
  dest,
  FIELDS,
  source,
  startTestStack,
  SUCCESS_XML,
  type TestStack,
} from '../test-support/stack.js';

const RETRY_AFTER_S = 2;

/** 429 with Retry-After for the first request, success afterwards; remembers arrival times. */
function tooManyFirst(times: number[]): BuyerHandler {
  return (_request, response, n) => {
    times.push(Date.now());
    if (n === 1) {
      response.writeHead(429, {
        'retry-after': String(RETRY_AFTER_S),
        'content-type': 'text/plain',
      });
      response.end('slow down');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end(SUCCESS_XML);
  };
}

function lead(i: number) {
  return { email: `limit${i}@example.com`, phone: `415555${String(2000 + i)}` };
}

describe('per-destination limits', () => {
  let stack: TestStack | undefined;
  let buyers: TestBuyer[] = [];

  afterEach(async () => {
    await stack?.close();
    await stack?.cleanup();
    await Promise.all(buyers.map((b) => b.close()));
    buyers = [];
  });

  test('a 429 with Retry-After holds only that destination', async () => {
    const limitedTimes: number[] = [];
    const limited = await startBuyer(tooManyFirst(limitedTimes));
    const other = await startBuyer(answer(200, SUCCESS_XML));
    buyers = [limited, other];
    stack = await startTestStack({
      sources: [source('slowed', 'free')],
      campaigns: [
        {
          id: 'slowed',
          fields: FIELDS,
          destinations: [
            dest('limited', limited.url, {
              concurrency: 1,
              retry: {
                backoff: 'fixed',
                delayMs: 50,
                maxDelayMs: 10_000,
                maxAttempts: 3,
                maxAgeMs: 60_000,
                jitter: 0,
              },
            }),
          ],
        },
        { id: 'free', fields: FIELDS, destinations: [dest('other', other.url)] },
      ],
    });

    const slowedIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await stack.post('slowed', lead(i));
      slowedIds.push(((await response.json()) as { lead: { id: string } }).lead.id);
    }
    await limited.received(1);
    const heldAt = limitedTimes[0] as number;
    const freeIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await stack.post('free', lead(10 + i));
      freeIds.push(((await response.json()) as { lead: { id: string } }).lead.id);
    }
    for (const id of freeIds) expect((await stack.settled(id)).status).toBe('delivered');
    // The other destination finished while the limited one was still held.
    expect(limitedTimes).toHaveLength(1);
    expect(Date.now() - heldAt).toBeLessThan(RETRY_AFTER_S * 1000);

    for (const id of slowedIds) expect((await stack.settled(id)).status).toBe('delivered');
    // Nothing reached the limited buyer before its Retry-After passed (bound from below only).
    expect((limitedTimes[1] as number) - heldAt).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 100);
    // The 429 cost the lead one attempt, as the policy counts it; the others were not charged.
    const attempts = await Promise.all(
      slowedIds.map(async (id) => (await stack!.lead(id)).destinations[0]?.attempts),
    );
    expect(attempts.sort()).toEqual([1, 1, 2]);
  });

  test('rateLimit spaces deliveries across the window', async () => {
    const times: number[] = [];
    const buyer = await startBuyer((_request, response) => {
      times.push(Date.now());
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(SUCCESS_XML);
    });
    buyers = [buyer];
    stack = await startTestStack({
      sources: [source('r')],
      campaigns: [
        {
          id: 'r',
          fields: FIELDS,
          destinations: [dest('paced', buyer.url, { rateLimit: { max: 1, perMs: 300 } })],
        },
      ],
    });
    for (let i = 0; i < 3; i++) await stack.post('r', lead(i));
    await buyer.received(3);
    expect((times[2] as number) - (times[0] as number)).toBeGreaterThanOrEqual(2 * 300 - 50);
  });
});
