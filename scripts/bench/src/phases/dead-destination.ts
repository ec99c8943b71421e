import { randomUUID } from 'node:crypto';
import {
  attemptJobId,
  createRedis,
  deliveryQueueName,
  jobOptions,
  QueueSet,
  type DeliveryJobData,
} from '@leadrelay/runtime';
import { DEAD_CAMPAIGN_ID } from '../campaign.js';
import {
  freePort,
  redisCpuSeconds,
  resetRedis,
  usedMemory,
  type PrivateRedis,
} from '../private-redis.js';
import { driveLeads, startBenchStack, STACK_PREFIX, type StackTuning } from '../stack-child.js';
import { startBuyer } from './end-to-end.js';

export interface DeadDestinationResult {
  retries: number;
  /** End-to-end leads/s of the healthy campaign with the dead destination's queue empty. */
  normalLeadsPerSec: number;
  /** The same, with `retries` retries scheduled on the dead destination. */
  underRetriesLeadsPerSec: number;
  /** underRetries / normal: the target is ≥ 0.9. */
  ratio: number;
  /** CPU per lead of the stack and of Redis, ms, without and with the retries scheduled. */
  cpuMsPerLead: {
    normal: { stack: number; redis: number };
    underRetries: { stack: number; redis: number };
  };
  redisBytes: number;
  fillSeconds: number;
}

const DEAD_DESTINATION_ID = 'dead';
const BULK = 1000;
const DAY_MS = 24 * 3600 * 1000;

/**
 * The healthy campaign's end-to-end rate, first with a dead destination idle, then while
 * `retries` retries are scheduled on it. The retries are delayed delivery jobs as the router
 * writes them (same options and ids), due between one hour and seven days out (the classic
 * preset's horizon), so none comes due while measuring: the figure is the cost of their
 * presence (a large delayed set and Redis memory), not of retrying.
 */
export async function runDeadDestination(
  redis: PrivateRedis,
  options: { retries: number; leads: number; tuning: StackTuning },
): Promise<DeadDestinationResult> {
  await resetRedis(redis.admin);
  const buyer = await startBuyer();
  const deadUrl = `http://127.0.0.1:${await freePort()}/dead`;
  const stack = await startBenchStack({
    redisUrl: redis.url,
    roles: ['api', 'worker', 'router'],
    buyerUrl: String(buyer.info.url),
    deadUrl,
    tuning: options.tuning,
  });
  const connection = createRedis(redis.url, 'blocking', 'bench-dead-fill');
  const queues = new QueueSet(connection, STACK_PREFIX);
  try {
    // A long warm-up: the first full run of a fresh stack is slower (JIT, sockets, Redis
    // allocations), and here it is the reference the second run is divided by.
    await driveLeads(stack, Math.ceil(options.leads / 2));
    // CPU per lead, beside the rates: it moves much less than a rate when the machine is busy.
    const measured = async () => {
      const redisBefore = await redisCpuSeconds(redis.admin);
      const drive = await driveLeads(stack, options.leads);
      const redisMs = ((await redisCpuSeconds(redis.admin)) - redisBefore) * 1000;
      const leads = Math.max(1, drive.settled);
      return { drive, cpu: { stack: drive.stackCpuMs / leads, redis: redisMs / leads } };
    };
    const normal = await measured();

    const memoryBefore = await usedMemory(redis.admin);
    const queue = queues.get(deliveryQueueName(DEAD_CAMPAIGN_ID, DEAD_DESTINATION_ID));
    const fillStartedAt = performance.now();
    for (let done = 0; done < options.retries; done += BULK) {
      const jobs = Array.from({ length: Math.min(BULK, options.retries - done) }, (_, i) => {
        const data: DeliveryJobData = {
          leadId: randomUUID(),
          campaignId: DEAD_CAMPAIGN_ID,
          destinationId: DEAD_DESTINATION_ID,
          destinationIndex: 0,
          attempt: 2,
        };
        const delayMs = 3600_000 + Math.floor(((done + i) / options.retries) * 7 * DAY_MS);
        return {
          name: 'deliver',
          data,
          opts: jobOptions(attemptJobId(data.leadId, 0, data.attempt), delayMs),
        };
      });
      await queue.addBulk(jobs);
    }
    const fillSeconds = (performance.now() - fillStartedAt) / 1000;
    const redisBytes = (await usedMemory(redis.admin)) - memoryBefore;

    const underRetries = await measured();
    const normalLeadsPerSec = normal.drive.settled / normal.drive.seconds;
    const underRetriesLeadsPerSec = underRetries.drive.settled / underRetries.drive.seconds;
    return {
      retries: options.retries,
      normalLeadsPerSec,
      underRetriesLeadsPerSec,
      ratio: underRetriesLeadsPerSec / normalLeadsPerSec,
      cpuMsPerLead: { normal: normal.cpu, underRetries: underRetries.cpu },
      redisBytes,
      fillSeconds,
    };
  } finally {
    await queues.close();
    connection.disconnect();
    await stack.stop();
    await buyer.stop();
  }
}
