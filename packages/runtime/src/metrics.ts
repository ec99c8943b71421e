import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queue } from 'bullmq';
import type { LeadStore } from './lead-store.js';

/**
 * Every Prometheus series leadrelay exports (documented in the README, "Operating
 * leadrelay"). Labels carry ids and outcomes only, never lead data; a campaign id from a URL is
 * used as a label only once it is known to exist, so callers cannot grow the label set.
 */
export interface Metrics {
  registry: Registry;
  leadsReceived: Counter<'campaign' | 'result'>;
  deliveries: Counter<'campaign' | 'destination' | 'outcome'>;
  deliveryDuration: Histogram<'campaign' | 'destination' | 'outcome'>;
  retriesScheduled: Counter<'campaign' | 'destination'>;
  retriesExhausted: Counter<'campaign' | 'destination'>;
  leadsSettled: Counter<'campaign' | 'status'>;
  destinationPauses: Counter<'campaign' | 'destination'>;
  destinationPaused: Gauge<'campaign' | 'destination'>;
}

/** Creates a registry with leadrelay's series and Node's default process metrics. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'leadrelay_process_' });
  const registers = [registry];
  return {
    registry,
    leadsReceived: new Counter({
      name: 'leadrelay_leads_received_total',
      help: 'Ingest requests by campaign and result (queued, invalid, unauthorized, unavailable, …).',
      labelNames: ['campaign', 'result'],
      registers,
    }),
    deliveries: new Counter({
      name: 'leadrelay_deliveries_total',
      help: 'Delivery attempts by destination and outcome.',
      labelNames: ['campaign', 'destination', 'outcome'],
      registers,
    }),
    deliveryDuration: new Histogram({
      name: 'leadrelay_delivery_duration_seconds',
      help: 'Duration of one delivery attempt (request to full answer), by destination and outcome.',
      labelNames: ['campaign', 'destination', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    retriesScheduled: new Counter({
      name: 'leadrelay_retries_scheduled_total',
      help: 'Delayed retries scheduled by the router, by destination.',
      labelNames: ['campaign', 'destination'],
      registers,
    }),
    retriesExhausted: new Counter({
      name: 'leadrelay_retries_exhausted_total',
      help: 'Destinations whose retry policy ran out, by destination.',
      labelNames: ['campaign', 'destination'],
      registers,
    }),
    leadsSettled: new Counter({
      name: 'leadrelay_leads_settled_total',
      help: 'Leads reaching a final status, by campaign and status.',
      labelNames: ['campaign', 'status'],
      registers,
    }),
    destinationPauses: new Counter({
      name: 'leadrelay_destination_pauses_total',
      help: 'Auto-pauses after consecutive errors, by destination.',
      labelNames: ['campaign', 'destination'],
      registers,
    }),
    destinationPaused: new Gauge({
      name: 'leadrelay_destination_paused',
      help: '1 while this process holds a destination auto-paused, else 0.',
      labelNames: ['campaign', 'destination'],
      registers,
    }),
  };
}

/** BullMQ states reported by `leadrelay_queue_jobs`. */
export const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'failed',
  'completed',
] as const;

/**
 * Adds the gauges that read Redis at scrape time: jobs per queue and state, and the age of the
 * oldest pending lead. Register them in one kind of process (api or dashboard), not in every
 * worker, so a scrape costs Redis one round of counts per queue, not one per replica.
 */
export function registerQueueGauges(
  metrics: Metrics,
  queues: () => Queue[],
  store: LeadStore,
): void {
  const registers = [metrics.registry];
  new Gauge({
    name: 'leadrelay_queue_jobs',
    help: 'Jobs per queue and state (delayed includes scheduled retries).',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      this.reset();
      await Promise.all(
        queues().map(async (queue) => {
          const counts = await queue.getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES)
            this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }),
      );
    },
  });
  new Gauge({
    name: 'leadrelay_oldest_pending_lead_age_seconds',
    help: 'Age of the oldest lead still pending (0 when none is).',
    registers,
    async collect() {
      const [oldest] = await store.pending(1);
      this.set(oldest ? Math.max(0, (Date.now() - oldest.createdAtMs) / 1000) : 0);
    },
  });
}
