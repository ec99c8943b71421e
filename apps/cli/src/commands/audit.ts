import { connectRedis, loadCatalog, loadSettings, QueueSet } from '@leadrelay/runtime';
import { audit } from '../audit/audit.js';

/**
 * `leadrelay audit`: prints one JSON line per broken invariant and a summary; exit 1 when any
 * problem was found. Read-only: safe to run against a live system.
 */
export async function runAudit(out: { write(s: string): void }): Promise<number> {
  const settings = loadSettings();
  const catalog = await loadCatalog(settings.campaignsFile);
  // Cluster-aware like every role: the audit scans each master.
  const redis = connectRedis(settings, 'blocking', 'audit');
  const queues = new QueueSet(redis, settings.redisPrefix);
  try {
    const report = await audit(redis, settings.redisPrefix, catalog, queues);
    for (const problem of report.problems) out.write(`${JSON.stringify(problem)}\n`);
    out.write(
      `audit: ${report.leads} leads, ${report.jobs} open jobs, ${report.problems.length} problems\n`,
    );
    return report.problems.length === 0 ? 0 : 1;
  } finally {
    await queues.close();
    redis.disconnect();
  }
}
