import type { CampaignConfig, RoutingState } from '@leadrelay/core';
import type { AttemptRecord } from '@leadrelay/runtime';

/** One broken invariant, located by lead (and destination) id. */
export interface AuditProblem {
  kind:
    | 'campaign_unknown'
    | 'attempts_out_of_order'
    | 'attempted_past_policy'
    | 'routed_without_record'
    | 'advanced_without_decision'
    | 'pending_without_work'
    | 'delivery_job_missing'
    | 'route_job_missing'
    | 'job_without_lead';
  leadId: string;
  destinationId?: string;
  detail: string;
}

/** What the audit found about the jobs of one pending attempt. */
export interface AttemptJobs {
  /** State of the delivery job `<leadId>-<d>-<n>`: waiting, delayed, active, … or unknown. */
  delivery: string;
  /** State of the route job `<leadId>-<d>-<n>`. */
  route: string;
}

const LIVE_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

/**
 * Checks one lead's record against DESIGN.md's invariants. Pure: the caller loads the record and
 * asks `jobsOf` for the queue state of the attempts still in flight.
 */
export function checkLead(
  leadId: string,
  campaign: CampaignConfig | undefined,
  state: RoutingState,
  attempts: readonly AttemptRecord[],
  jobsOf: (destinationIndex: number, attempt: number) => AttemptJobs,
): AuditProblem[] {
  if (!campaign)
    return [
      {
        kind: 'campaign_unknown',
        leadId,
        detail: 'the lead names a campaign that is not configured',
      },
    ];
  const problems: AuditProblem[] = [];
  let inFlight = 0;
  state.destinations.forEach((destination, index) => {
    const config = campaign.destinations[index];
    const destinationId = config?.id ?? `#${index}`;
    const numbers = attempts
      .filter((a) => a.destinationIndex === index)
      .map((a) => a.attempt)
      .sort((a, b) => a - b);
    const problem = (kind: AuditProblem['kind'], detail: string) =>
      problems.push({ kind, leadId, destinationId, detail });

    if (numbers.some((n, i) => n !== i + 1))
      problem('attempts_out_of_order', `recorded attempts ${numbers.join(', ')}`);
    if (config && numbers.length > config.retry.maxAttempts) {
      problem(
        'attempted_past_policy',
        `${numbers.length} attempts, policy allows ${config.retry.maxAttempts}`,
      );
    }
    if (destination.attempts > numbers.length) {
      problem(
        'routed_without_record',
        `routed ${destination.attempts} attempts, ${numbers.length} recorded`,
      );
    }
    const next = state.destinations[index + 1];
    if (next && next.status !== 'idle' && !destination.advanced) {
      problem(
        'advanced_without_decision',
        'the next destination was reached but this one never moved the lead on',
      );
    }
    if (
      (destination.status === 'queued' || destination.status === 'retrying') &&
      destination.pendingAttempt !== null
    ) {
      inFlight++;
      const n = destination.pendingAttempt;
      const jobs = jobsOf(index, n);
      const recorded = numbers.includes(n);
      if (!recorded && !LIVE_STATES.has(jobs.delivery)) {
        problem(
          'delivery_job_missing',
          `attempt ${n} is pending but its delivery job is ${jobs.delivery}`,
        );
      }
      if (recorded && !LIVE_STATES.has(jobs.route)) {
        problem(
          'route_job_missing',
          `attempt ${n} was recorded but its route job is ${jobs.route}`,
        );
      }
    }
  });
  if (state.status === 'pending' && inFlight === 0) {
    problems.push({
      kind: 'pending_without_work',
      leadId,
      detail: 'pending with no delivery queued, running or scheduled',
    });
  }
  return problems;
}
