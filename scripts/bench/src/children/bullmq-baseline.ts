import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { redisCpuMs, type Started } from './started.js';

interface BaselineArgs {
  durationMs: number;
  warmupMs: number;
  concurrency: number;
  producers: number;
  maxBacklog: number;
}

/**
 * Bare BullMQ in one process, as the stack runs: producers add no-op jobs one `add` at a time
 * (the way ingest and the router add theirs) while one worker processes them. The backlog is
 * bounded so the figure is the combined add + process rate, not a queue filling up.
 */
export async function startBullmq(config: { redisUrl: string; prefix: string }): Promise<Started> {
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  const name = 'baseline';
  const retention = { age: 3600, count: 5000 };
  const queue = new Queue(name, {
    connection,
    prefix: config.prefix,
    streams: { events: { maxLen: 1000 } },
  });
  await queue.waitUntilReady();
  return {
    info: {},
    handlers: {
      run: async (args: BaselineArgs) => {
        let processed = 0;
        let added = 0;
        let stopped = false;
        const worker = new Worker(name, async () => void processed++, {
          connection,
          prefix: config.prefix,
          concurrency: args.concurrency,
          removeOnComplete: retention,
          removeOnFail: retention,
        });
        worker.on('error', () => undefined);
        const produce = async () => {
          while (!stopped) {
            if (added - processed > args.maxBacklog) {
              await new Promise((resolve) => setTimeout(resolve, 1));
              continue;
            }
            added++;
            await queue.add('noop', { n: added }, { removeOnComplete: retention });
          }
        };
        const producers = Array.from({ length: args.producers }, produce);
        await new Promise((resolve) => setTimeout(resolve, args.warmupMs));
        const startProcessed = processed;
        const startCpu = process.cpuUsage();
        const startRedisMs = await redisCpuMs(connection);
        const startedAt = performance.now();
        await new Promise((resolve) => setTimeout(resolve, args.durationMs));
        const seconds = (performance.now() - startedAt) / 1000;
        const jobs = processed - startProcessed;
        const cpu = process.cpuUsage(startCpu);
        const redisMs = (await redisCpuMs(connection)) - startRedisMs;
        stopped = true;
        await Promise.all(producers);
        await worker.close(true);
        return {
          jobs,
          seconds,
          jobsPerSec: jobs / seconds,
          cpuMs: (cpu.user + cpu.system) / 1000,
          redisCpuMs: redisMs,
        };
      },
    },
    close: async () => {
      await queue.close();
      connection.disconnect();
    },
  };
}
