import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answer, startBuyer, type TestBuyer } from '../test-support/buyer.js';
import { spawnCli, type CliProcess } from '../test-support/process.js';
import {
  dest,
  FIELDS,
  source,
  startTestStack,
  SUCCESS_XML,
  TEST_REDIS_URL,
  type TestStack,
} from '../test-support/stack.js';

const AUTH = `Basic ${Buffer.from('ops:s3cret-pass').toString('base64')}`;
const LEAD = { email: 'Dashboard.Person@Example.net', phone: '(312) 555-0177' };

describe('leadrelay dashboard (Bull Board, real process)', () => {
  let stack: TestStack;
  let buyer: TestBuyer;
  let dir: string;
  let campaignsFile: string;
  const processes: CliProcess[] = [];
  const campaigns = () => ({
    sources: [source('board')],
    campaigns: [{ id: 'board', fields: FIELDS, destinations: [dest('acme', `${buyer.url}/x`)] }],
  });

  beforeAll(async () => {
    buyer = await startBuyer(answer(200, SUCCESS_XML));
    stack = await startTestStack(campaigns());
    dir = await mkdtemp(join(tmpdir(), 'leadrelay-board-'));
    campaignsFile = join(dir, 'campaigns.json');
    await writeFile(campaignsFile, JSON.stringify(campaigns()));
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await stack.close();
    await stack.cleanup();
    await buyer.close();
    await rm(dir, { recursive: true, force: true });
  });

  function startDashboard(env: Record<string, string>) {
    const board = spawnCli(['dashboard'], {
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: stack.prefix,
      CAMPAIGNS_FILE: campaignsFile,
      OPS_PORT: '0',
      HOST: '127.0.0.1',
      ...env,
    });
    processes.push(board);
    return board;
  }

  test('401 without credentials, 200 with them; job views hold ids and outcomes, no lead field', async () => {
    const { lead } = (await (await stack.post('board', LEAD)).json()) as { lead: { id: string } };
    await stack.settled(lead.id);
    const board = startDashboard({
      DASHBOARD_USER: 'ops',
      DASHBOARD_PASSWORD: 's3cret-pass',
    });
    const url = await board.listening();

    const anonymous = await fetch(`${url}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
    const wrong = await fetch(`${url}/admin/queues`, {
      headers: { authorization: `Basic ${Buffer.from('ops:nope').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    const page = await fetch(`${url}/admin/queues`, { headers: { authorization: AUTH } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);

    const queueName = '{deliver.board.acme}';
    const api = await fetch(
      `${url}/admin/queues/api/queues?activeQueue=${encodeURIComponent(queueName)}&status=completed`,
      {
        headers: { authorization: AUTH },
      },
    );
    expect(api.status).toBe(200);
    const text = await api.text();
    const body = JSON.parse(text) as {
      queues: {
        name: string;
        displayName?: string;
        jobs: { id: string; data: unknown; returnValue: unknown }[];
      }[];
    };
    const queue = body.queues.find((q) => q.name === queueName);
    expect(queue?.displayName).toBe('board → acme');
    expect(body.queues.map((q) => q.displayName)).toContain('router');
    expect(queue?.jobs[0]).toMatchObject({
      id: `${lead.id}-0-1`,
      data: { leadId: lead.id, destinationId: 'acme', attempt: 1 },
      returnValue: { outcome: 'success', httpStatus: 200 },
    });
    for (const value of ['dashboard.person', 'Dashboard.Person', '3125550177'])
      expect(text).not.toContain(value);
    // health and metrics live on the same ops port
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(
      /leadrelay_queue_jobs\{queue="\{deliver\.board\.acme\}",state="completed"\} 1/,
    );
  });

  test('refuses to start without credentials, naming what to set', async () => {
    const board = startDashboard({ DASHBOARD_USER: '', DASHBOARD_PASSWORD: '' });
    expect(await board.exited).toBe(78);
    expect(board.output()).toMatch(/DASHBOARD_USER and DASHBOARD_PASSWORD \(or DASHBOARD_AUTH=off/);
  });

  test('DASHBOARD_AUTH=off runs open and says so loudly', async () => {
    const board = startDashboard({
      DASHBOARD_AUTH: 'off',
      DASHBOARD_USER: '',
      DASHBOARD_PASSWORD: '',
    });
    const url = await board.listening();
    expect(board.output()).toMatch(/WITHOUT authentication/);
    expect((await fetch(`${url}/admin/queues`)).status).toBe(200);
  });
});
