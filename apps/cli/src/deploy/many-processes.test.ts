import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedis } from '@leadrelay/runtime';
import { answer, startBuyer, type BuyerHandler, type TestBuyer } from '../test-support/buyer.js';
import { spawnCli, type CliProcess } from '../test-support/process.js';
import {
  dest,
  FAILURE_XML,
  FIELDS,
  SOURCE_KEY,
  source,
  SUCCESS_XML,
  TEST_REDIS_URL,
  type LeadJson,
} from '../test-support/stack.js';
import { waitFor } from '../test-support/wait.js';
import { deleteKeys } from './test-support/keys.js';

const LEADS = 2000;
const POST_CONCURRENCY = 25;
const PROCESSES = { api: 2, worker: 3, router: 2 } as const;
// Eight busy processes share two cores here: a short buyer timeout would turn scheduling
// delays into delivery errors, and each one changes a lead's expected path.
const BUYER_TIMEOUT_MS = 10_000;

/** Runs `task` over `items` with at most `limit` in flight; results keep the items' order. */
async function pool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * What each buyer does with lead number N (from its email), per attempt: deterministic, so the
 * expected outcome of every lead is known in advance. Attempt numbers are counted per
 * Idempotency-Key, i.e. per lead and destination.
 */
const RULES = {
  // continue on every outcome, error retried later: N%4==0 errors once then declines.
  first: (n: number, attempt: number) =>
    n % 4 === 0 ? (attempt === 1 ? 'error' : 'failure') : n % 4 === 1 ? 'failure' : 'success',
  // the waterfall: success stops; N%3==2 errors once (stop_retry_later), then declines.
  second: (n: number, attempt: number) =>
    n % 3 === 0 ? 'success' : n % 3 === 1 ? 'failure' : attempt === 1 ? 'error' : 'failure',
  // last: N%5==0 errors on every attempt until retries run out.
  third: (n: number) => (n % 5 === 0 ? 'error' : 'success'),
} as const;
const MAX_ATTEMPTS = { first: 3, second: 3, third: 2 } as const;
type DestinationId = keyof typeof RULES;

/** The expected history of lead N: requests per destination, outcome, final status. */
function expected(n: number) {
  const first = { requests: n % 4 === 0 ? 2 : 1, outcome: RULES.first(n, 2) };
  const second = { requests: n % 3 === 2 ? 2 : 1, outcome: RULES.second(n, 2) };
  const reachesThird = second.outcome !== 'success';
  const third = reachesThird
    ? { requests: n % 5 === 0 ? 2 : 1, outcome: RULES.third(n) }
    : { requests: 0, outcome: null };
  const outcomes = [first.outcome, second.outcome, third.outcome];
  const status = outcomes.includes('success')
    ? 'delivered'
    : outcomes.includes('failure')
      ? 'rejected'
      : 'error';
  return { first, second, third, status };
}

interface RecordingBuyer {
  buyer: TestBuyer;
  /** Requests per Idempotency-Key. */
  perKey: Map<string, number>;
}

async function ruleBuyer(id: DestinationId): Promise<RecordingBuyer> {
  const perKey = new Map<string, number>();
  const replies: Record<string, BuyerHandler> = {
    success: answer(200, SUCCESS_XML),
    failure: answer(200, FAILURE_XML),
    error: answer(503, 'temporarily unavailable'),
  };
  const buyer = await startBuyer((request, response, count) => {
    const key = String(request.headers['idempotency-key']);
    const attempt = (perKey.get(key) ?? 0) + 1;
    perKey.set(key, attempt);
    const email = new URLSearchParams(request.body).get('email') ?? '';
    const n = Number(/^mp(\d+)@/.exec(email)?.[1] ?? NaN);
    (replies[RULES[id](n, attempt)] as BuyerHandler)(request, response, count);
  });
  return { buyer, perKey };
}

describe('many processes against one Redis: 2 api, 3 worker, 2 router', () => {
  const prefix = `mp-${randomUUID().slice(0, 8)}`;
  const redis = createRedis(TEST_REDIS_URL, 'blocking', 'many-processes-test');
  const processes: CliProcess[] = [];
  let buyers: Record<DestinationId, RecordingBuyer> | undefined;
  let dir = '';

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await Promise.all(Object.values(buyers ?? {}).map((b) => b.buyer.close()));
    await deleteKeys(redis, prefix);
    redis.disconnect();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test(`${LEADS} leads over continue / continue_retry_later / stop_retry_later: none lost, none advanced twice`, async () => {
    buyers = {
      first: await ruleBuyer('first'),
      second: await ruleBuyer('second'),
      third: await ruleBuyer('third'),
    };
    const retry = (maxAttempts: number) => ({
      backoff: 'fixed',
      delayMs: 100,
      maxAttempts,
      maxAgeMs: 60_000,
      jitter: 0,
    });
    const campaigns = {
      sources: [source('mp')],
      campaigns: [
        {
          id: 'mp',
          fields: FIELDS,
          destinations: [
            dest('first', buyers.first.buyer.url, {
              behavior: { success: 'continue', failure: 'continue', error: 'continue_retry_later' },
              retry: retry(MAX_ATTEMPTS.first),
              concurrency: 20,
              timeoutMs: BUYER_TIMEOUT_MS,
            }),
            dest('second', buyers.second.buyer.url, {
              behavior: { success: 'stop', failure: 'continue', error: 'stop_retry_later' },
              retry: retry(MAX_ATTEMPTS.second),
              concurrency: 20,
              timeoutMs: BUYER_TIMEOUT_MS,
            }),
            dest('third', buyers.third.buyer.url, {
              retry: retry(MAX_ATTEMPTS.third),
              concurrency: 20,
              timeoutMs: BUYER_TIMEOUT_MS,
            }),
          ],
        },
      ],
    };
    dir = await mkdtemp(join(tmpdir(), 'leadrelay-many-'));
    const campaignsFile = join(dir, 'campaigns.json');
    await writeFile(campaignsFile, JSON.stringify(campaigns));

    const env = {
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      CAMPAIGNS_FILE: campaignsFile,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '5000',
    };
    const urls: Record<string, string[]> = { api: [], worker: [], router: [] };
    for (const [role, count] of Object.entries(PROCESSES)) {
      for (let i = 0; i < count; i += 1) {
        const child = spawnCli([role], { ...env, PORT: '0', OPS_PORT: '0' });
        processes.push(child);
        urls[role]!.push(await child.listening());
      }
    }
    const allUrls = Object.values(urls).flat();
    await waitFor(
      async () => {
        const exited = processes.find((p) => p.child.exitCode !== null);
        if (exited) throw new Error(`a process exited early:\n${exited.output().slice(-2000)}`);
        const answers = await Promise.all(
          allUrls.map((url) =>
            fetch(`${url}/readyz`).then(
              (r) => r.status,
              () => 0,
            ),
          ),
        );
        return answers.every((status) => status === 200) ? true : undefined;
      },
      `all ${allUrls.length} processes to be ready`,
      30_000,
      100,
    );

    // Post the leads, alternating between the two api processes.
    const numbers = Array.from({ length: LEADS }, (_, n) => n);
    const leadIds = await pool(numbers, POST_CONCURRENCY, async (n) => {
      const api = urls.api![n % urls.api!.length];
      const response = await fetch(`${api}/v1/campaigns/mp/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': SOURCE_KEY },
        body: JSON.stringify({ email: `mp${n}@example.com`, phone: '(415) 555-0134' }),
      });
      if (response.status !== 202) throw new Error(`lead ${n}: HTTP ${response.status}`);
      return ((await response.json()) as { lead: { id: string } }).lead.id;
    });

    // No lead lost: the pending index empties, and every lead reads back final.
    await waitFor(
      async () => ((await redis.zcard(`${prefix}:leads:pending`)) === 0 ? true : undefined),
      'every lead to leave the pending index',
      45_000,
      200,
    );
    const leads = await pool(leadIds, POST_CONCURRENCY, async (id) => {
      const api = urls.api![0];
      const response = await fetch(`${api}/v1/leads/${id}`, {
        headers: { 'x-api-key': SOURCE_KEY },
      });
      return (await response.json()) as LeadJson;
    });
    expect(leads.filter((lead) => lead.status === 'pending')).toEqual([]);

    // The invariants, lead by lead, from the buyers' side and the lead records:
    // - each buyer saw at most one request per recorded attempt (a destination reached twice
    //   by a double advancement would show a surplus) and every attempt it answered, never
    //   more than maxAttempts;
    // - the lead advanced past `second` at most once, and only on a failure: `third` heard of
    //   it exactly when second's outcome is failure (never after a `stop`);
    // - the final status is the one the destinations' outcomes make.
    const ids: DestinationId[] = ['first', 'second', 'third'];
    const violations: string[] = [];
    let followedTheRules = 0;
    leads.forEach((lead, n) => {
      const requests = ids.map((id) => buyers![id].perKey.get(`${lead.id}-${id}`) ?? 0);
      const attemptsAt = (id: DestinationId) => lead.attempts.filter((a) => a.destinationId === id);
      // A request lost on the way (reset, timeout before the buyer read it) is an attempt the
      // buyer never saw; an attempt with an HTTP status is one the buyer answered.
      const recorded = ids.map((id) => attemptsAt(id).length);
      const answered = ids.map((id) => attemptsAt(id).filter((a) => a.httpStatus !== null).length);
      const outcomes = lead.destinations.map((d) => d.outcome);
      const status = outcomes.includes('success')
        ? 'delivered'
        : outcomes.includes('failure')
          ? 'rejected'
          : 'error';
      const history = lead.attempts.map((a) => `${a.destinationId}#${a.attempt} ${a.reason}`);
      const problems = [
        ids.some((_, i) => requests[i]! > recorded[i]! || requests[i]! < answered[i]!) &&
          `requests ${requests}, attempts ${recorded}, answered ${answered}: ${history.join('; ')}`,
        ids.some((id, i) => requests[i]! > MAX_ATTEMPTS[id]) && `more than maxAttempts`,
        recorded[1] === 0 && 'never reached second',
        recorded[2]! > 0 !== (outcomes[1] === 'failure') &&
          `third was tried ${recorded[2]} times after second's ${outcomes[1]}`,
        lead.status !== status && `status ${lead.status}, outcomes ${outcomes}`,
      ].filter(Boolean);
      if (problems.length > 0) violations.push(`lead ${n} ${lead.id}: ${problems.join('; ')}`);

      // And, unless a buyer answer was lost to the machine's load (a timeout or reset is an
      // error outcome and rightly changes the path), exactly the path the rules predict.
      const transport = lead.attempts.some((a) => a.httpStatus === null && a.outcome === 'error');
      if (transport) return;
      const want = expected(n);
      const path = (source: (id: DestinationId, i: number) => unknown) => ids.map(source);
      const got = path((_, i) => [lead.destinations[i]?.outcome, requests[i]]);
      const wanted = path((id) => [want[id].outcome, want[id].requests]);
      if (JSON.stringify(got) !== JSON.stringify(wanted) || lead.status !== want.status) {
        violations.push(
          `lead ${n} ${lead.id}: path ${JSON.stringify(got)}, expected ${JSON.stringify(wanted)}`,
        );
      } else {
        followedTheRules += 1;
      }
    });
    expect(violations.slice(0, 5)).toEqual([]);
    // The exact-path check must cover most leads, or it proves little. (On a loaded two-core
    // machine a few percent of loopback requests time out or are reset: seen up to 3 %.)
    expect(followedTheRules).toBeGreaterThan(LEADS * 0.8);
    // Buyers saw no lead the test did not post.
    const posted = new Set(leadIds);
    for (const id of ids) {
      const unknown = [...buyers[id].perKey.keys()].filter(
        (key) => !posted.has(key.slice(0, -`-${id}`.length)),
      );
      expect(unknown).toEqual([]);
    }
    // The mix really exercised each path.
    const stoppedAtSecond = leads.filter((lead) => lead.destinations[1]?.outcome === 'success');
    expect(stoppedAtSecond.length).toBeGreaterThan(600);

    // No job gave up on infrastructure errors.
    for (const queue of ['{deliver.mp.first}', '{deliver.mp.second}', '{deliver.mp.third}']) {
      expect(await redis.zcard(`${prefix}:${queue}:failed`)).toBe(0);
    }
    expect(await redis.zcard(`${prefix}:{route}:failed`)).toBe(0);
  }, 90_000);
});
