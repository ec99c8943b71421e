import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBuyer, type BuyerHandler, type TestBuyer } from '../test-support/buyer.js';
import { spawnCli } from '../test-support/process.js';
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
import { waitFor } from '../test-support/wait.js';

/** Answers the first request after `firstDelayMs`, later ones at once. */
function slowFirst(firstDelayMs: number): BuyerHandler {
  return (_request, response, n) => {
    const reply = () => {
      if (response.destroyed) return;
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(SUCCESS_XML);
    };
    if (n === 1) setTimeout(reply, firstDelayMs);
    else reply();
  };
}

describe('graceful shutdown of a worker process (SIGTERM)', () => {
  let stack: TestStack;
  let buyer: TestBuyer;
  let dir = '';

  async function setUp(handler: BuyerHandler) {
    buyer = await startBuyer(handler);
    const campaigns = {
      sources: [source('s')],
      campaigns: [
        { id: 's', fields: FIELDS, destinations: [dest('slow', buyer.url, { timeoutMs: 5000 })] },
      ],
    };
    // api and router here; the worker is a real child process.
    stack = await startTestStack(campaigns, {
      roles: ['api', 'router'],
      env: { JOB_LOCK_MS: '1500' },
    });
    dir = await mkdtemp(join(tmpdir(), 'leadrelay-shutdown-'));
    const campaignsFile = join(dir, 'campaigns.json');
    await writeFile(campaignsFile, JSON.stringify(campaigns));
    return (env: Record<string, string>) =>
      spawnCli(['worker'], {
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: stack.prefix,
        CAMPAIGNS_FILE: campaignsFile,
        OPS_PORT: '0',
        HOST: '127.0.0.1',
        JOB_LOCK_MS: '1500',
        ...env,
      });
  }

  afterEach(async () => {
    await stack.close();
    await stack.cleanup();
    await buyer.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('an in-flight delivery finishes, readiness turns 503, and the process exits within the timeout', async () => {
    const startWorker = await setUp(slowFirst(1200));
    const worker = startWorker({ SHUTDOWN_TIMEOUT_MS: '8000' });
    const url = await worker.listening();
    const { lead } = (await (await stack.post('s', LEAD)).json()) as { lead: { id: string } };
    await buyer.received(1);

    const signalledAt = Date.now();
    worker.child.kill('SIGTERM');
    await waitFor(async () => {
      const response = await fetch(`${url}/readyz`);
      return response.status === 503 ? true : undefined;
    }, 'readyz 503 while draining');
    expect(await worker.exited).toBe(0);
    const tookMs = Date.now() - signalledAt;
    expect(tookMs).toBeLessThan(8000);

    // The dying worker recorded the answer it waited for; nothing was sent twice.
    const settled = await stack.settled(lead.id);
    expect(settled.status).toBe('delivered');
    expect(settled.attempts).toHaveLength(1);
    expect(buyer.requests).toHaveLength(1);
  });

  test('a delivery cut off by the deadline runs again later with the same Idempotency-Key', async () => {
    const startWorker = await setUp(slowFirst(4000));
    const first = startWorker({ SHUTDOWN_TIMEOUT_MS: '300' });
    await first.listening();
    const { lead } = (await (await stack.post('s', LEAD)).json()) as { lead: { id: string } };
    await buyer.received(1);
    const signalledAt = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(3000);
    expect(first.output()).toMatch(/shutdown deadline passed/);

    const second = startWorker({});
    try {
      const settled = await stack.settled(lead.id, 20_000);
      expect(settled.status).toBe('delivered');
      expect(buyer.requests).toHaveLength(2);
      expect(buyer.requests[1]?.headers['idempotency-key']).toBe(
        buyer.requests[0]?.headers['idempotency-key'],
      );
    } finally {
      await second.stop();
    }
  });
});
