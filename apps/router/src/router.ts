import { Worker, type Job } from 'bullmq';
import {
  applyOutcome,
  pendingDeliveries,
  type CampaignConfig,
  type RoutingAction,
  type RoutingState,
} from '@leadrelay/core';
import {
  closeWithin,
  jobWorkerOptions,
  ROUTE_QUEUE_NAME,
  type JobRoleOptions,
  type Logger,
  type RouteJobData,
} from '@leadrelay/runtime';

export interface RouterOptions extends JobRoleOptions {
  concurrency: number;
  /** Clock and randomness, injectable for tests; default Date.now and Math.random. */
  now?: () => number;
  random?: () => number;
}

export interface Router {
  running(): boolean;
  close(timeoutMs: number): Promise<boolean>;
}

/** Lost compare-and-set races tolerated in one job before BullMQ retries it. */
const MAX_SAVE_RACES = 25;

export type RouteResult =
  | { result: 'applied'; actions: RoutingAction[] }
  | { result: 'duplicate'; reason: string }
  | { result: 'dropped'; reason: string };

/**
 * The router: the only place a lead advances. Each route job reads the lead's routing state,
 * asks the pure `applyOutcome` for a decision, saves it with compare-and-set (a lost race
 * re-reads and decides again), then carries out the actions. Enqueues use deterministic job
 * ids, and a duplicate route step re-issues the deliveries its state still calls for, so a
 * router that died between saving and enqueuing loses nothing when its job runs again.
 */
export function createRouteProcessor(options: RouterOptions) {
  const { catalog, store, queues, logger, metrics } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;

  async function enqueue(campaign: CampaignConfig, leadId: string, actions: RoutingAction[]) {
    for (const action of actions) {
      if (action.type === 'deliver') {
        const destination = campaign.destinations[action.destinationIndex];
        if (!destination) continue;
        await queues.addDelivery(
          {
            leadId,
            campaignId: campaign.id,
            destinationId: destination.id,
            destinationIndex: action.destinationIndex,
            attempt: action.attempt,
          },
          action.delayMs,
        );
      } else {
        await store.markSettled(leadId);
      }
    }
  }

  async function reissue(campaign: CampaignConfig, leadId: string, state: RoutingState) {
    await enqueue(campaign, leadId, pendingDeliveries(state, now()));
    if (state.status !== 'pending') await store.markSettled(leadId);
  }

  return async function route(data: RouteJobData, log: Logger): Promise<RouteResult> {
    // The first read brings the attempt and the state together; a lost race re-reads the state.
    const step = await store.routeStep(data.leadId, data.destinationIndex, data.attempt);
    const { record } = step;
    if (!record) return { result: 'dropped', reason: 'attempt not recorded' };

    let view = step.routing;
    for (let race = 0; race < MAX_SAVE_RACES; race++) {
      if (race > 0) view = await store.routing(data.leadId);
      if (!view) return { result: 'dropped', reason: 'lead not found' };
      const campaign = catalog.campaign(view.campaignId);
      if (!campaign)
        return { result: 'dropped', reason: `campaign ${view.campaignId} not configured` };

      const decision = applyOutcome(
        campaign,
        view.state,
        {
          destinationIndex: data.destinationIndex,
          attempt: data.attempt,
          outcome: record.outcome,
          reason: record.reason,
          ...(record.retryAfterMs === undefined ? {} : { retryAfterMs: record.retryAfterMs }),
          atMs: Date.parse(record.at),
        },
        now(),
        random(),
      );
      if (decision.kind === 'duplicate') {
        await reissue(campaign, data.leadId, view.state);
        return { result: 'duplicate', reason: decision.reason };
      }
      if (!(await store.saveRouting(data.leadId, view.version, decision.state))) continue;

      await enqueue(campaign, data.leadId, decision.actions);
      const settle = decision.actions.find((action) => action.type === 'settle');
      const destination = { campaign: campaign.id, destination: record.destinationId };
      if (
        decision.actions.some(
          (a) => a.type === 'deliver' && a.destinationIndex === data.destinationIndex,
        )
      ) {
        metrics?.retriesScheduled.inc(destination);
      }
      if (decision.retriesExhausted) metrics?.retriesExhausted.inc(destination);
      if (settle?.type === 'settle')
        metrics?.leadsSettled.inc({ campaign: campaign.id, status: settle.status });
      log.info(
        {
          outcome: record.outcome,
          actions: decision.actions.map((a) =>
            a.type === 'deliver'
              ? `deliver:${a.destinationIndex}:${a.attempt}`
              : `settle:${a.status}`,
          ),
          retriesExhausted: decision.retriesExhausted,
        },
        settle ? 'lead settled' : 'lead routed',
      );
      return { result: 'applied', actions: decision.actions };
    }
    throw new Error(`lost ${MAX_SAVE_RACES} routing races in a row; will retry`);
  };
}

/** Starts the route-queue worker. Several routers may run at once. */
export function startRouter(options: RouterOptions): Router {
  const route = createRouteProcessor(options);
  const worker = new Worker<RouteJobData>(
    ROUTE_QUEUE_NAME,
    async (job: Job<RouteJobData>) => {
      const log = options.logger.child({
        leadId: job.data.leadId,
        destinationIndex: job.data.destinationIndex,
        attempt: job.data.attempt,
        jobId: job.id,
      });
      const result = await route(job.data, log);
      if (result.result === 'dropped') log.warn({ reason: result.reason }, 'route step dropped');
      return result;
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      ...jobWorkerOptions(options.jobLockMs),
    },
  );
  worker.on('error', (error) => options.logger.error({ err: error }, 'router error'));
  worker.on('failed', (job, error) =>
    options.logger.warn({ jobId: job?.id, err: error }, 'route job failed'),
  );
  options.logger.info({ concurrency: options.concurrency }, 'router started');
  return {
    running: () => worker.isRunning(),
    close: (timeoutMs) => closeWithin(() => worker.close(), timeoutMs),
  };
}
