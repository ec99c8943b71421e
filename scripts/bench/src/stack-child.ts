import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Role } from '@leadrelay/cli';
import { campaignsFile, INGEST_HEADERS, ingestPath, LEAD_JSON } from './campaign.js';
import { BenchChild } from './child-handle.js';
import { postLoad } from './load.js';

/** Counters of the stack child (its Prometheus counters, summed) and its CPU time. */
export interface StackCounts {
  settled: number;
  deliveries: number;
  received: number;
  cpu: { userMs: number; systemMs: number };
}

/** Key prefix of the stack under test; the private Redis is emptied between phases anyway. */
export const STACK_PREFIX = 'bench';

/**
 * Bench-only changes to the stack under test, to put figures on a possible optimisation before
 * anyone makes it (`--experiment`). A run with any of them says so in its report.
 */
export interface Experiments {
  /** ioredis `enableAutoPipelining` on every connection: commands of one tick share a write. */
  autopipeline: boolean;
  /** `concurrency` of every destination (default: the product's default). */
  destinationConcurrency?: number;
  /** ROUTER_CONCURRENCY (product default 50). */
  routerConcurrency?: number;
}

/** How the stack under test runs: its log level and any experiments. */
export interface StackTuning {
  logLevel: string;
  experiments: Experiments;
}

export interface BenchStack {
  child: BenchChild;
  apiUrl: string;
  counts(): Promise<StackCounts>;
  stop(): Promise<void>;
}

/** Starts leadrelay's roles in a child process against the private Redis. */
export async function startBenchStack(options: {
  redisUrl: string;
  roles: Role[];
  buyerUrl: string;
  deadUrl?: string;
  tuning: StackTuning;
}): Promise<BenchStack> {
  const { experiments } = options.tuning;
  const env = {
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: STACK_PREFIX,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: options.tuning.logLevel,
    SHUTDOWN_TIMEOUT_MS: '10000',
    ...(experiments.routerConcurrency === undefined
      ? {}
      : { ROUTER_CONCURRENCY: String(experiments.routerConcurrency) }),
  };
  const child = await BenchChild.start('stack', {
    env,
    campaigns: campaignsFile(options.buyerUrl, {
      deadUrl: options.deadUrl,
      concurrency: experiments.destinationConcurrency,
    }),
    roles: options.roles,
    autopipeline: experiments.autopipeline,
  });
  const apiUrl = String(child.info.apiUrl);
  return {
    child,
    apiUrl,
    counts: () => child.call<StackCounts>('counts'),
    stop: () => child.stop(),
  };
}

/** Stops the stack child's CPU profiler and writes the profile; returns its path. */
export async function saveProfile(stack: BenchStack, dir: string, name: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, name);
  await stack.child.call('profileStop', { file });
  return file;
}

export function cpuMsOf(cpu: { userMs: number; systemMs: number }): number {
  return cpu.userMs + cpu.systemMs;
}

/** Waits until `settledTarget` leads have settled in total; bounded by `timeoutMs`. */
export async function waitSettled(
  stack: BenchStack,
  settledTarget: number,
  timeoutMs: number,
): Promise<{ counts: StackCounts; complete: boolean }> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const counts = await stack.counts();
    if (counts.settled >= settledTarget) return { counts, complete: true };
    if (performance.now() > deadline) return { counts, complete: false };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface DriveResult {
  /** From the first POST to the moment the last accepted lead was final. */
  seconds: number;
  accepted: number;
  notAccepted: number;
  settled: number;
  deliveries: number;
  complete: boolean;
  stackCpuMs: number;
}

/** Connections posting the end-to-end leads: a burst, as sources post. */
const E2E_POST_CONNECTIONS = 50;

/**
 * Posts `leads` leads through the api as fast as it takes them, then waits until every accepted
 * lead is final. Counters are deltas, so one stack can be driven several times.
 */
export async function driveLeads(stack: BenchStack, leads: number): Promise<DriveResult> {
  const before = await stack.counts();
  const startedAt = performance.now();
  const load = await postLoad({
    url: `${stack.apiUrl}${ingestPath()}`,
    headers: INGEST_HEADERS,
    body: LEAD_JSON,
    connections: E2E_POST_CONNECTIONS,
    amount: leads,
  });
  // Every wait is bounded: a stack slower than 50 leads/s is reported as incomplete.
  const { counts, complete } = await waitSettled(
    stack,
    before.settled + load.ok,
    Math.max(60_000, leads * 20),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  return {
    seconds,
    accepted: load.ok,
    notAccepted: load.other + load.errors,
    settled: counts.settled - before.settled,
    deliveries: counts.deliveries - before.deliveries,
    complete,
    stackCpuMs: cpuMsOf(counts.cpu) - cpuMsOf(before.cpu),
  };
}
