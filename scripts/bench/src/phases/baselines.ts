import { INGEST_HEADERS, ingestPath, LEAD_JSON } from '../campaign.js';
import { BenchChild } from '../child-handle.js';
import { LOAD_CONNECTIONS, postLoad, type LoadResult } from '../load.js';
import { redisCpuSeconds, resetRedis, type PrivateRedis } from '../private-redis.js';
import { cpuMsOf, saveProfile, startBenchStack, type StackTuning } from '../stack-child.js';

export interface BullmqBaseline {
  jobsPerSec: number;
  jobs: number;
  seconds: number;
  /** CPU of the BullMQ process per job, ms. */
  cpuMsPerJob: number;
  /** CPU of Redis per job, ms. */
  redisCpuMsPerJob: number;
}

/** An HTTP figure plus the CPU the server side spent on it, µs per answered request. */
export interface HttpFigure extends LoadResult {
  /** The server process (Fastify hello world, or the leadrelay api). */
  serverCpuUsPerRequest: number;
  /** Redis (0 for hello world). */
  redisCpuUsPerRequest: number;
  cpuProfile: string | null;
}

/** Worker concurrency and parallel producers of the bare BullMQ figure. */
export const BASELINE_CONCURRENCY = 50;
const BASELINE_PRODUCERS = 50;

/** Bare BullMQ on the same Redis: add + process no-op jobs through one worker, one process. */
export async function runBullmqBaseline(
  redis: PrivateRedis,
  options: { durationS: number; warmupS: number },
): Promise<BullmqBaseline> {
  await resetRedis(redis.admin);
  const child = await BenchChild.start('bullmq', { redisUrl: redis.url, prefix: 'baseline' });
  try {
    const run = await child.call<{
      jobs: number;
      seconds: number;
      jobsPerSec: number;
      cpuMs: number;
      redisCpuMs: number;
    }>(
      'run',
      {
        durationMs: options.durationS * 1000,
        warmupMs: options.warmupS * 1000,
        concurrency: BASELINE_CONCURRENCY,
        producers: BASELINE_PRODUCERS,
        maxBacklog: 2000,
      },
      (options.durationS + options.warmupS) * 1000 + 60_000,
    );
    const jobs = Math.max(1, run.jobs);
    return {
      jobsPerSec: run.jobsPerSec,
      jobs: run.jobs,
      seconds: run.seconds,
      cpuMsPerJob: run.cpuMs / jobs,
      redisCpuMsPerJob: run.redisCpuMs / jobs,
    };
  } finally {
    await child.stop();
  }
}

/** The POST every HTTP figure uses: the same body, headers and connection count. */
function load(url: string, durationS: number): Promise<LoadResult> {
  return postLoad({
    url,
    headers: INGEST_HEADERS,
    body: LEAD_JSON,
    connections: LOAD_CONNECTIONS,
    durationS,
  });
}

type Cpu = { userMs: number; systemMs: number };
const cpuMs = (cpu: Cpu) => cpu.userMs + cpu.systemMs;

/** Fastify hello world under the same autocannon load as ingest. */
export async function runHello(options: {
  durationS: number;
  warmupS: number;
}): Promise<HttpFigure> {
  const child = await BenchChild.start('hello', {});
  try {
    const url = `${String(child.info.url)}/hello`;
    await load(url, options.warmupS);
    const before = await child.call<Cpu>('cpu');
    const result = await load(url, options.durationS);
    const serverMs = cpuMs(await child.call<Cpu>('cpu')) - cpuMs(before);
    return {
      ...result,
      serverCpuUsPerRequest: (serverMs * 1000) / Math.max(1, result.ok),
      redisCpuUsPerRequest: 0,
      cpuProfile: null,
    };
  } finally {
    await child.stop();
  }
}

/**
 * Ingest: `POST …/leads` at 100 connections against a process running the api role only, as an
 * api replica runs (the leads stay queued: no worker competes for the CPU).
 */
export async function runIngest(
  redis: PrivateRedis,
  options: { durationS: number; warmupS: number; tuning: StackTuning; cpuProfDir: string | null },
): Promise<HttpFigure> {
  await resetRedis(redis.admin);
  const stack = await startBenchStack({
    redisUrl: redis.url,
    roles: ['api'],
    buyerUrl: 'http://127.0.0.1:9',
    tuning: options.tuning,
  });
  try {
    const url = `${stack.apiUrl}${ingestPath()}`;
    await load(url, options.warmupS);
    if (options.cpuProfDir) await stack.child.call('profileStart');
    const before = await stack.counts();
    const redisBefore = await redisCpuSeconds(redis.admin);
    const result = await load(url, options.durationS);
    const redisMs = ((await redisCpuSeconds(redis.admin)) - redisBefore) * 1000;
    const serverMs = cpuMsOf((await stack.counts()).cpu) - cpuMsOf(before.cpu);
    const cpuProfile = options.cpuProfDir
      ? await saveProfile(stack, options.cpuProfDir, 'ingest-stack.cpuprofile')
      : null;
    const answered = Math.max(1, result.ok);
    return {
      ...result,
      serverCpuUsPerRequest: (serverMs * 1000) / answered,
      redisCpuUsPerRequest: (redisMs * 1000) / answered,
      cpuProfile,
    };
  } finally {
    await stack.stop();
  }
}
