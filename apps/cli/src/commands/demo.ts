import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startBuyerSim } from '@leadrelay/buyer-sim';
import {
  createLogger,
  createRedis,
  deleteKeys,
  loadCatalog,
  loadSettings,
} from '@leadrelay/runtime';
import { parseCsv } from '../csv.js';
import { redisAnswers, startLocalRedis, type LocalRedis } from '../local-redis.js';
import { startStack } from '../stack.js';
import { postLeads, waitUntilFinal, type LeadResult } from '../demo-client.js';
import { formatReport, summarize } from '../demo-report.js';

interface Writer {
  write(s: string): void;
}

const SAMPLES = new URL('../../../../samples/', import.meta.url);
const FINAL_TIMEOUT_MS = 120_000;

/** Finds a Redis for the demo: REDIS_URL, else 127.0.0.1:6379, else a private redis-server. */
async function resolveRedis(err: Writer): Promise<{ url: string; local: LocalRedis | null }> {
  const given = process.env.REDIS_URL;
  if (given) {
    if (await redisAnswers(given)) return { url: given, local: null };
    throw new Error(
      `REDIS_URL=${given.replace(/\/\/([^@/]*)@/, '//***@')} does not answer. Start that Redis, or unset ` +
        'REDIS_URL to let the demo use 127.0.0.1:6379 or start a private redis-server.',
    );
  }
  const url = 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) return { url, local: null };
  const local = await startLocalRedis();
  err.write(
    `demo: nothing answers on 127.0.0.1:6379; started a private redis-server at ${local.url}\n`,
  );
  return { url: local.url, local };
}

/**
 * `npm run demo`: the main job on sample data. Starts buyer simulators and every role, posts
 * samples/leads.csv through the HTTP API, waits until every lead is final, prints a report.
 * Exit code 0 only when no lead is left pending.
 */
export async function runDemo(args: string[], out: Writer, err: Writer): Promise<number> {
  const json = args.includes('--json');
  const { url: redisUrl, local } = await resolveRedis(err);
  const prefix = `demo-${Date.now().toString(36)}`;
  const sourceKey = `demo-${Math.random().toString(36).slice(2)}-key-not-secret`;
  const sim = await startBuyerSim();
  const env = {
    ...process.env,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    CAMPAIGNS_FILE: fileURLToPath(new URL('campaigns.yaml', SAMPLES)),
  };
  const settings = loadSettings(env);
  const logger = createLogger({
    level: settings.logLevel,
    role: 'demo',
    destination: process.stderr,
  });
  const catalog = await loadCatalog(settings.campaignsFile, {
    ...env,
    BUYER_SIM_URL: sim.url,
    DEMO_SOURCE_KEY: sourceKey,
  });
  const stack = await startStack({ settings, catalog, logger, roles: ['api', 'worker', 'router'] });

  try {
    const campaign = catalog.file.campaigns[0];
    if (!campaign || !stack.apiUrl) throw new Error('sample campaign missing');
    const leads = parseCsv(await readFile(new URL('leads.csv', SAMPLES), 'utf8'));
    err.write(
      `demo: posting ${leads.length} leads to ${stack.apiUrl}/v1/campaigns/${campaign.id}/leads\n`,
    );
    const posted = await postLeads(stack.apiUrl, campaign.id, sourceKey, leads);
    const results: LeadResult[] = await waitUntilFinal(
      stack.apiUrl,
      sourceKey,
      posted,
      FINAL_TIMEOUT_MS,
    );
    const summary = summarize(campaign, results, sim.stats);
    out.write(formatReport(campaign, summary));
    if (json) out.write(`${JSON.stringify(summary.totals)}\n`);
    return summary.totals.pending === 0 && summary.totals.refused === 0 ? 0 : 1;
  } finally {
    await stack.close();
    await sim.close();
    const cleanup = createRedis(redisUrl, 'blocking', 'demo-cleanup');
    await deleteKeys(cleanup, prefix).catch(() => undefined);
    cleanup.disconnect();
    await local?.stop();
  }
}
