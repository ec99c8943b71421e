import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCli } from '../test-support/process.js';
import { dest, FIELDS, source, TEST_REDIS_URL } from '../test-support/stack.js';

describe('a broken start fails fast, names the problem, and exits', () => {
  let dir: string;
  let campaignsFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leadrelay-startup-'));
    campaignsFile = join(dir, 'campaigns.json');
    await writeFile(
      campaignsFile,
      JSON.stringify({
        sources: [source('s')],
        campaigns: [
          { id: 's', fields: FIELDS, destinations: [dest('acme', 'http://127.0.0.1:9/x')] },
        ],
      }),
    );
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  const env = () => ({
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: 'startup-test',
    CAMPAIGNS_FILE: campaignsFile,
    OPS_PORT: '0',
  });

  test.each([
    [
      ['worker'],
      { WORKER_DESTINATIONS: 'acme,bolt2' },
      /WORKER_DESTINATIONS: "bolt2" names no destination/,
    ],
    [
      ['all'],
      { LEAD_RETENTION_MS: '1000', PORT: '0' },
      /campaigns\[0\]\.destinations\[0\]\.retry\.maxAgeMs: .*LEAD_RETENTION_MS/,
    ],
    [
      ['router'],
      { PORT: 'abc', LOG_LEVEL: 'verbose' },
      /PORT: ports must be within range .*\(got "abc"\)\n\s+LOG_LEVEL: must be one of/,
    ],
    [['api'], { CAMPAIGNS_FILE: '' }, /CAMPAIGNS_FILE: is not set/],
    [['dashboard'], { DASHBOARD_USER: '' }, /DASHBOARD_USER and DASHBOARD_PASSWORD/],
  ])('leadrelay %j with %j', async (args, overrides, message) => {
    const cli = spawnCli(args, { ...env(), ...overrides });
    const code = await Promise.race([
      cli.exited,
      new Promise((resolve) => setTimeout(() => resolve('still running'), 10_000)),
    ]);
    if (code === 'still running') await cli.stop();
    expect(code).toBe(78);
    expect(cli.output()).toMatch(message);
  });
});
