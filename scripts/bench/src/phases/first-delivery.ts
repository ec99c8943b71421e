import { INGEST_HEADERS, ingestPath, LEAD_JSON } from '../campaign.js';
import { postAtRate, type Posted } from '../load.js';
import { resetRedis, type PrivateRedis } from '../private-redis.js';
import { percentile } from '../stats.js';
import { startBenchStack, waitSettled, type BenchStack, type StackTuning } from '../stack-child.js';
import { startBuyer } from './end-to-end.js';

export interface FirstDeliveryResult {
  ratePerSec: number;
  /** Leads whose first delivery was seen. */
  samples: number;
  /** Accepted leads the first buyer never saw (should be 0). */
  missing: number;
  notAccepted: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Event-loop delay of the stack process meanwhile (monitorEventLoopDelay, 1 ms resolution). */
  loopDelay: { p50Ms: number; p99Ms: number; maxMs: number } | null;
}

async function postAndSettle(stack: BenchStack, ratePerSec: number, durationS: number) {
  const before = await stack.counts();
  const result = await postAtRate({
    url: `${stack.apiUrl}${ingestPath()}`,
    headers: INGEST_HEADERS,
    body: LEAD_JSON,
    ratePerSec,
    durationS,
  });
  await waitSettled(stack, before.settled + result.posted.length, 60_000);
  return result;
}

/**
 * Latency: leads posted on a fixed schedule at `ratePerSec` (about half the end-to-end rate),
 * each timed from its ingest answer arriving at the poster to its request arriving at the first
 * buyer, both on the machine's monotonic clock.
 */
export async function runFirstDelivery(
  redis: PrivateRedis,
  options: { ratePerSec: number; durationS: number; tuning: StackTuning },
): Promise<FirstDeliveryResult> {
  await resetRedis(redis.admin);
  const buyer = await startBuyer();
  const stack = await startBenchStack({
    redisUrl: redis.url,
    roles: ['api', 'worker', 'router'],
    buyerUrl: String(buyer.info.url),
    tuning: options.tuning,
  });
  try {
    await postAndSettle(stack, options.ratePerSec, Math.min(2, options.durationS));
    await buyer.call('record', { on: true });
    await stack.child.call('loopDelayStart');
    const { posted, failed } = await postAndSettle(stack, options.ratePerSec, options.durationS);
    const loopDelay = await stack.child.call<FirstDeliveryResult['loopDelay']>('loopDelayStop');
    await buyer.call('record', { on: false });
    const arrivals = new Map(await buyer.call<[string, number][]>('arrivals'));
    const latenciesMs: number[] = [];
    let missing = 0;
    for (const lead of posted as Posted[]) {
      const arrivedUs = arrivals.get(lead.leadId);
      if (arrivedUs === undefined) missing++;
      else latenciesMs.push((arrivedUs - lead.answeredUs) / 1000);
    }
    latenciesMs.sort((a, b) => a - b);

    return {
      ratePerSec: options.ratePerSec,
      samples: latenciesMs.length,
      missing,
      notAccepted: failed,
      p50Ms: percentile(latenciesMs, 50),
      p90Ms: percentile(latenciesMs, 90),
      p99Ms: percentile(latenciesMs, 99),
      maxMs: latenciesMs.at(-1) ?? Number.NaN,
      loopDelay,
    };
  } finally {
    await stack.stop();
    await buyer.stop();
  }
}
