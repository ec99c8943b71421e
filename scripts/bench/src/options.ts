import type { StackTuning } from './stack-child.js';

/** How much each phase measures; `--quick` and `--full` pick another set. */
export interface Sizes {
  mode: 'quick' | 'standard' | 'full';
  /**
   * Rounds of the compared figures (bare BullMQ, hello world, ingest, end to end), taken in
   * turn so that a slow spell of a shared machine hits both sides of a ratio; medians reported.
   */
  rounds: number;
  /** Bare BullMQ: seconds measured per round, after a warm-up. */
  baselineS: number;
  baselineWarmupS: number;
  /** autocannon seconds per round for the hello-world and ingest figures, after a warm-up. */
  loadS: number;
  loadWarmupS: number;
  /** Leads posted per end-to-end round. */
  e2eLeads: number;
  /** Seconds of open-loop posting in the first-delivery latency run. */
  latencyS: number;
  /** Leads posted under MONITOR to count round trips. */
  monitorLeads: number;
  /** Requests of each client in the delivery HTTP client comparison. */
  clientRequests: number;
  /** Pending leads and scheduled retries created for the memory figures. */
  memoryItems: number;
  /** Scheduled retries on a dead destination (`--full` only; 0 skips the phase). */
  deadRetries: number;
}

const QUICK: Sizes = {
  mode: 'quick',
  rounds: 1,
  baselineS: 4,
  baselineWarmupS: 1,
  loadS: 4,
  loadWarmupS: 1,
  e2eLeads: 3000,
  latencyS: 4,
  monitorLeads: 300,
  clientRequests: 3000,
  memoryItems: 10_000,
  deadRetries: 0,
};

const STANDARD: Sizes = {
  mode: 'standard',
  rounds: 3,
  baselineS: 8,
  baselineWarmupS: 1,
  loadS: 8,
  loadWarmupS: 1,
  e2eLeads: 8000,
  latencyS: 20,
  monitorLeads: 1000,
  clientRequests: 20_000,
  memoryItems: 100_000,
  deadRetries: 0,
};

const FULL: Sizes = { ...STANDARD, mode: 'full', deadRetries: 1_000_000 };

export interface BenchOptions {
  sizes: Sizes;
  jsonFile: string | null;
  /** Directory for a V8 CPU profile of the stack during the end-to-end run, or null. */
  cpuProfDir: string | null;
  /** LOG_LEVEL of the stack under test (default info, as in production) and experiments. */
  tuning: StackTuning;
  /** Another checkout to measure side by side with this one (`--compare DIR`), or null. */
  compareDir: string | null;
}

export const USAGE = `usage: npm run bench -- [--quick | --full] [--json FILE] [--cpu-prof [DIR]] [--log-level LEVEL]
                        [--compare DIR] [--experiment NAME[=N]] [--help]
  --quick       under a minute, smaller samples (memory over 10,000 items)
  --full        adds the healthy-destination rate under 1,000,000 scheduled retries
  --json FILE   writes the figures as one JSON object
  --cpu-prof    writes a CPU profile of the stack during the end-to-end run (default dir .bench/)
  --log-level   LOG_LEVEL of the stack under test (default info)
  --compare DIR this checkout against another one (its bench built), interleaved round by
                round: end to end, ingest and memory only
  --experiment  bench-only change to the stack under test, repeatable: autopipeline,
                concurrency=N (destinations), router-concurrency=N`;

/** Parses the command line; throws with the usage text on anything unknown. */
export function parseOptions(argv: string[]): BenchOptions {
  let sizes = STANDARD;
  let jsonFile: string | null = null;
  let cpuProfDir: string | null = null;
  let logLevel = 'info';
  let compareDir: string | null = null;
  const experiments: StackTuning['experiments'] = { autopipeline: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = argv[i + 1];
    if (arg === '--quick') sizes = QUICK;
    else if (arg === '--full') sizes = FULL;
    else if (arg === '--json' && next && !next.startsWith('--')) {
      jsonFile = next;
      i++;
    } else if (arg === '--cpu-prof') {
      if (next && !next.startsWith('--')) {
        cpuProfDir = next;
        i++;
      } else cpuProfDir = '.bench';
    } else if (arg === '--log-level' && next) {
      logLevel = next;
      i++;
    } else if (arg === '--compare' && next && !next.startsWith('--')) {
      compareDir = next;
      i++;
    } else if (arg === '--experiment' && next) {
      parseExperiment(next, experiments);
      i++;
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return { sizes, jsonFile, cpuProfDir, tuning: { logLevel, experiments }, compareDir };
}

function parseExperiment(text: string, experiments: StackTuning['experiments']): void {
  const [name, value] = text.split('=');
  const count = Number(value);
  const valid = Number.isInteger(count) && count >= 1 && count <= 1000;
  if (name === 'autopipeline' && value === undefined) experiments.autopipeline = true;
  else if (name === 'concurrency' && valid) experiments.destinationConcurrency = count;
  else if (name === 'router-concurrency' && valid) experiments.routerConcurrency = count;
  else throw new Error(`unknown experiment ${text}\n${USAGE}`);
}

/** The experiments of a run, for its report; empty when the stack ran as shipped. */
export function describeExperiments(tuning: StackTuning): string[] {
  const { experiments } = tuning;
  const out: string[] = [];
  if (tuning.logLevel !== 'info') out.push(`LOG_LEVEL=${tuning.logLevel}`);
  if (experiments.autopipeline) out.push('ioredis autopipelining');
  if (experiments.destinationConcurrency !== undefined) {
    out.push(`destination concurrency ${experiments.destinationConcurrency}`);
  }
  if (experiments.routerConcurrency !== undefined) {
    out.push(`router concurrency ${experiments.routerConcurrency}`);
  }
  return out;
}
