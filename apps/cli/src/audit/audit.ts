import type { Redis } from 'ioredis';
import { decodeRoutingState } from '@leadrelay/core';
import {
  attemptJobId,
  ROUTE_QUEUE_NAME,
  scanKeys,
  type AttemptRecord,
  type Catalog,
  type QueueSet,
} from '@leadrelay/runtime';
import { checkLead, type AttemptJobs, type AuditProblem } from './check-lead.js';

export interface AuditReport {
  leads: number;
  jobs: number;
  problems: AuditProblem[];
}

/** Job states that mean "still going to run". */
const OPEN_STATES = ['waiting', 'delayed', 'active', 'prioritized'] as const;

/**
 * `leadrelay audit`: reads every lead record and every open job under the prefix and reports
 * each broken invariant — a pending lead with nothing queued or scheduled, an attempt recorded
 * without a route step to follow it, a destination attempted past its policy, attempts out of
 * order, a lead moved on without a decision, jobs whose lead is gone. Read-only.
 */
export async function audit(
  redis: Redis,
  prefix: string,
  catalog: Catalog,
  queues: QueueSet,
): Promise<AuditReport> {
  const problems: AuditProblem[] = [];
  const leadPrefix = `${prefix}:lead:{`;
  const liveLeads = new Set<string>();
  let leads = 0;
  for await (const key of scanKeys(redis, `${prefix}:lead:{*}`)) {
    const leadId = key.slice(leadPrefix.length, -1);
    const hash = await redis.hgetall(key);
    if (!hash.meta) continue;
    leads++;
    liveLeads.add(leadId);
    if (!hash.state) continue; // invalid at intake: nothing was ever queued
    const meta = JSON.parse(hash.meta) as { campaignId: string };
    const state = decodeRoutingState(hash.state);
    const attempts = Object.entries(hash)
      .filter(([field]) => field.startsWith('a:'))
      .map(([, value]) => JSON.parse(value) as AttemptRecord);
    const campaign = catalog.campaign(meta.campaignId);
    const wanted: { index: number; attempt: number }[] = [];
    state.destinations.forEach((d, index) => {
      if (d.pendingAttempt !== null) wanted.push({ index, attempt: d.pendingAttempt });
    });
    const jobs = new Map<string, AttemptJobs>();
    for (const { index, attempt } of wanted) {
      const destination = campaign?.destinations[index];
      const jobId = attemptJobId(leadId, index, attempt);
      const delivery = destination
        ? await queues
            .get(catalog.destination(meta.campaignId, index)?.queueName ?? '')
            .getJobState(jobId)
        : 'unknown';
      const route = await queues.get(ROUTE_QUEUE_NAME).getJobState(jobId);
      jobs.set(`${index}:${attempt}`, { delivery, route });
    }
    problems.push(
      ...checkLead(
        leadId,
        campaign,
        state,
        attempts,
        (index, attempt) =>
          jobs.get(`${index}:${attempt}`) ?? { delivery: 'unknown', route: 'unknown' },
      ),
    );
  }

  let jobCount = 0;
  const queueNames = [...catalog.destinations().map((d) => d.queueName), ROUTE_QUEUE_NAME];
  for (const name of queueNames) {
    const open = await queues.get(name).getJobs([...OPEN_STATES], 0, -1);
    for (const job of open) {
      jobCount++;
      const leadId = (job.data as { leadId?: string }).leadId ?? '';
      if (!liveLeads.has(leadId) && (await redis.exists(`${leadPrefix}${leadId}}`)) === 0) {
        problems.push({
          kind: 'job_without_lead',
          leadId,
          detail: `job ${String(job.id)} in ${name} points at a lead that is gone`,
        });
      }
    }
  }
  return { leads, jobs: jobCount, problems };
}
