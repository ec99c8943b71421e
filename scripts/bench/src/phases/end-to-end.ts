import { DESTINATION_IDS } from '../campaign.js';
import { BenchChild } from '../child-handle.js';
import { countRoundTrips, type RoundTrips } from '../diagnostics/round-trips.js';
import {
  commandStats,
  redisCpuSeconds,
  resetRedis,
  type CommandStat,
  type PrivateRedis,
} from '../private-redis.js';
import {
  cpuMsOf,
  driveLeads,
  saveProfile,
  startBenchStack,
  type DriveResult,
  type StackTuning,
} from '../stack-child.js';

export interface EndToEndResult {
  drive: DriveResult;
  leadsPerSec: number;
  deliveriesPerSec: number;
  /** Deliveries plus route jobs (the worker enqueues one route job per recorded attempt). */
  jobsPerSec: number;
  /** Requests each buyer path received: every one should equal `drive.accepted`. */
  buyerRequests: Record<string, number>;
  /** CPU milliseconds per lead, by process. */
  cpuMsPerLead: { stack: number; buyer: number; redis: number; driver: number };
  /** INFO commandstats over the run (commands inside scripts included), per lead. */
  commandsPerLead: { command: string; calls: number; usec: number }[];
  redisCommandsPerLead: number;
  /** Round trips per lead from a smaller burst under MONITOR, after the timed run. */
  roundTrips: RoundTrips | null;
  cpuProfile: string | null;
}

/** Starts a buyer child answering success at once on every path. */
export function startBuyer(): Promise<BenchChild> {
  return BenchChild.start('buyer', { firstPath: `/${DESTINATION_IDS[0]}` });
}

function perLead(stats: CommandStat[], leads: number) {
  return stats
    .filter((stat) => !stat.command.startsWith('config') && !stat.command.startsWith('info'))
    .map((stat) => ({
      command: stat.command,
      calls: stat.calls / leads,
      usec: stat.usec / leads,
    }));
}

/**
 * End to end: the stack (api + worker + router in one process, as `npm start`), three
 * destinations all `continue`, a buyer answering at once. N leads are posted as a burst; the
 * clock stops when the last one is final. Then a smaller burst under MONITOR counts the Redis
 * round trips per lead in the same regime.
 */
export async function runEndToEnd(
  redis: PrivateRedis,
  options: { leads: number; monitorLeads: number; tuning: StackTuning; cpuProfDir: string | null },
): Promise<EndToEndResult> {
  await resetRedis(redis.admin);
  const buyer = await startBuyer();
  const stack = await startBenchStack({
    redisUrl: redis.url,
    roles: ['api', 'worker', 'router'],
    buyerUrl: String(buyer.info.url),
    tuning: options.tuning,
  });
  let cpuProfile: string | null = null;
  try {
    // A short warm-up: JIT, keep-alive sockets to the buyer, Lua scripts loaded.
    await driveLeads(stack, Math.min(500, Math.ceil(options.leads / 10)));
    const buyerBefore = await buyer.call<Record<string, number>>('requests');
    const buyerCpuBefore = await buyer.call<{ userMs: number; systemMs: number }>('cpu');
    const redisCpuBefore = await redisCpuSeconds(redis.admin);
    const driverCpuBefore = process.cpuUsage();
    await redis.admin.config('RESETSTAT');
    if (options.cpuProfDir) await stack.child.call('profileStart');

    const drive = await driveLeads(stack, options.leads);

    if (options.cpuProfDir) {
      cpuProfile = await saveProfile(stack, options.cpuProfDir, 'e2e-stack.cpuprofile');
    }
    const stats = await commandStats(redis.admin);
    const redisCpuMs = ((await redisCpuSeconds(redis.admin)) - redisCpuBefore) * 1000;
    const driverCpu = process.cpuUsage(driverCpuBefore);
    const buyerCpu =
      cpuMsOf(await buyer.call<{ userMs: number; systemMs: number }>('cpu')) -
      cpuMsOf(buyerCpuBefore);
    const buyerAfter = await buyer.call<Record<string, number>>('requests');
    const buyerRequests = Object.fromEntries(
      Object.entries(buyerAfter).map(([path, count]) => [path, count - (buyerBefore[path] ?? 0)]),
    );
    const roundTrips =
      options.monitorLeads > 0
        ? await countRoundTrips(redis.url, async () => {
            const sample = await driveLeads(stack, options.monitorLeads);
            return sample.settled;
          })
        : null;
    const leads = Math.max(1, drive.settled);
    const commandsPerLead = perLead(stats, leads);
    return {
      drive,
      leadsPerSec: drive.settled / drive.seconds,
      deliveriesPerSec: drive.deliveries / drive.seconds,
      jobsPerSec: (2 * drive.deliveries) / drive.seconds,
      buyerRequests,
      cpuMsPerLead: {
        stack: drive.stackCpuMs / leads,
        buyer: buyerCpu / leads,
        redis: redisCpuMs / leads,
        driver: (driverCpu.user + driverCpu.system) / 1000 / leads,
      },
      commandsPerLead,
      redisCommandsPerLead: commandsPerLead.reduce((total, stat) => total + stat.calls, 0),
      roundTrips,
      cpuProfile,
    };
  } finally {
    await stack.stop();
    await buyer.stop();
  }
}
