/**
 * `npm run bench`: leadrelay side by side with bare BullMQ and a Fastify hello world, on
 * loopback, against a private redis-server. See docs/benchmarks.md for what each figure means.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type as osType } from 'node:os';
import { DESTINATION_CONCURRENCY } from './campaign.js';
import { formatComparison, runComparison } from './compare.js';
import { summarizeProfile } from './diagnostics/cpu-profile.js';
import { describeExperiments, parseOptions, USAGE, type BenchOptions } from './options.js';
import { runBullmqBaseline, runHello, runIngest } from './phases/baselines.js';
import { runDeadDestination } from './phases/dead-destination.js';
import { runEndToEnd } from './phases/end-to-end.js';
import { runFirstDelivery } from './phases/first-delivery.js';
import { runHttpClient } from './phases/http-client.js';
import { runMemory } from './phases/memory.js';
import { cpuSnapshot, othersShare } from './machine-load.js';
import { info, startPrivateRedis, type PrivateRedis } from './private-redis.js';
import { formatReport, toJson, type BenchResults, type Machine } from './report.js';
import { median } from './stats.js';

function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

/** The commit measured, `+` when the work tree has changes. */
function revision(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], {
    encoding: 'utf8',
  });
  return `${head.stdout.trim()}${dirty.stdout.trim() ? '+' : ''}`;
}

async function machine(redis: PrivateRedis): Promise<Machine> {
  const server = await info(redis.admin, 'server');
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    totalMemoryBytes: totalmem(),
    os: `${osType()} ${release()}`,
    node: process.version,
    redis: server.get('redis_version') ?? 'unknown',
  };
}

async function run(options: BenchOptions, redis: PrivateRedis): Promise<BenchResults> {
  const { sizes, tuning, cpuProfDir } = options;
  const startedAt = performance.now();
  const cores = cpus().length;
  const interference: Record<string, number> = {};
  // Every phase is timed against what other processes took from the machine meanwhile.
  const phase = async <T>(name: string, what: string, body: () => Promise<T>): Promise<T> => {
    progress(`${name}: ${what}`);
    const before = await cpuSnapshot(redis.admin);
    const result = await body();
    const share = othersShare(before, await cpuSnapshot(redis.admin), cores);
    // The worst round of a phase is the one to know about.
    interference[name] = Math.max(interference[name] ?? 0, share);
    return result;
  };
  progress(`${sizes.mode} run; private redis-server at ${redis.url}`);
  const experiments = describeExperiments(tuning);
  if (experiments.length > 0) progress(`EXPERIMENT: ${experiments.join(', ')}`);
  const idleBefore = await cpuSnapshot(redis.admin);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  interference['before start'] = othersShare(idleBefore, await cpuSnapshot(redis.admin), cores);

  const baseline: BenchResults['baseline'] = [];
  const hello: BenchResults['hello'] = [];
  const ingest: BenchResults['ingest'] = [];
  const e2e: BenchResults['e2e'] = [];
  for (let round = 1; round <= sizes.rounds; round++) {
    const last = round === sizes.rounds;
    const of = sizes.rounds > 1 ? ` (round ${round} of ${sizes.rounds})` : '';
    baseline.push(
      await phase('baseline', `bare BullMQ, ${sizes.baselineS} s${of}`, () =>
        runBullmqBaseline(redis, { durationS: sizes.baselineS, warmupS: sizes.baselineWarmupS }),
      ),
    );
    hello.push(
      await phase('hello', `Fastify hello world, ${sizes.loadS} s${of}`, () =>
        runHello({ durationS: sizes.loadS, warmupS: sizes.loadWarmupS }),
      ),
    );
    ingest.push(
      await phase('ingest', `${sizes.loadS} s at 100 connections${of}`, () =>
        runIngest(redis, {
          durationS: sizes.loadS,
          warmupS: sizes.loadWarmupS,
          tuning,
          cpuProfDir: last ? cpuProfDir : null,
        }),
      ),
    );
    // MONITOR and the CPU profile slow the stack down: only after the last timed round.
    e2e.push(
      await phase('end to end', `${sizes.e2eLeads} leads${of}`, () =>
        runEndToEnd(redis, {
          leads: sizes.e2eLeads,
          monitorLeads: last ? sizes.monitorLeads : 0,
          tuning,
          cpuProfDir: last ? cpuProfDir : null,
        }),
      ),
    );
  }
  const e2eLeadsPerSec = median(e2e.map((round) => round.leadsPerSec));
  const ratePerSec = Math.max(10, Math.round(e2eLeadsPerSec / 2));
  const firstDelivery = await phase(
    'first delivery',
    `${ratePerSec} leads/s for ${sizes.latencyS} s`,
    () => runFirstDelivery(redis, { ratePerSec, durationS: sizes.latencyS, tuning }),
  );
  const httpClient = await phase('unit costs', `${sizes.clientRequests} requests each`, () =>
    runHttpClient(redis, sizes.clientRequests),
  );
  const memory = await phase('memory', `${sizes.memoryItems} leads and retries`, () =>
    runMemory(redis, sizes.memoryItems),
  );
  const dead =
    sizes.deadRetries > 0
      ? await phase('retries', `healthy destination under ${sizes.deadRetries} retries`, () =>
          runDeadDestination(redis, { retries: sizes.deadRetries, leads: sizes.e2eLeads, tuning }),
        )
      : null;

  const profiles: BenchResults['profiles'] = {};
  for (const [name, file] of [
    ['ingest', ingest.at(-1)?.cpuProfile],
    ['end to end', e2e.at(-1)?.cpuProfile],
  ] as const) {
    if (!file) continue;
    progress(`CPU profile of the stack (${name}) written to ${file}`);
    profiles[name] = summarizeProfile(file);
  }
  return {
    mode: sizes.mode,
    rounds: sizes.rounds,
    revision: revision(),
    destinationConcurrency: tuning.experiments.destinationConcurrency ?? DESTINATION_CONCURRENCY,
    experiments,
    machine: await machine(redis),
    baseline,
    hello,
    ingest,
    e2e,
    firstDelivery,
    httpClient,
    memory,
    dead,
    profiles,
    interference,
    elapsedS: (performance.now() - startedAt) / 1000,
  };
}

async function main(): Promise<number> {
  if (process.argv.slice(2).some((arg) => arg === '--help' || arg === '-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const redis = await startPrivateRedis();
  const interrupt = () => {
    progress('interrupted; stopping');
    void redis.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const { compareDir, sizes, tuning } = options;
    const results = compareDir
      ? await runComparison(redis, { otherDir: compareDir, sizes, tuning, progress })
      : await run(options, redis);
    process.stdout.write(
      `${'sides' in results ? formatComparison(results) : formatReport(results)}\n`,
    );
    if (options.jsonFile) {
      const json = 'sides' in results ? results : toJson(results);
      writeFileSync(options.jsonFile, `${JSON.stringify(json, null, 2)}\n`);
      progress(`figures written to ${options.jsonFile}`);
    }
    return 0;
  } finally {
    await redis.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? error.stack : String(error)}\n${USAGE}\n`,
    );
    process.exit(1);
  },
);
