/**
 * `npm run bench -- --compare DIR`: this checkout against another one (an older commit, a
 * branch), measured side by side in one run — the end-to-end, ingest, first-delivery and
 * memory phases of both, interleaved round by round on one private Redis (the side that goes
 * first alternates), so a slow spell of the machine hits both. The other checkout runs its own
 * bench phases and its own product code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { number, table } from './format.js';
import type { Sizes } from './options.js';
import type { HttpFigure } from './phases/baselines.js';
import type { EndToEndResult } from './phases/end-to-end.js';
import type { MemoryResult } from './phases/memory.js';
import type { PrivateRedis } from './private-redis.js';
import type { StackTuning } from './stack-child.js';
import { cpuSnapshot, othersShare } from './machine-load.js';
import type { FirstDeliveryResult } from './phases/first-delivery.js';
import { median } from './stats.js';

/** Rounds of a comparison: at least two, so that each side goes first once. */
const MIN_ROUNDS = 2;

/** First-delivery latency is taken at one fixed rate on both sides, leads/s. */
const FIRST_DELIVERY_RATE = 200;

/** The phases a checkout's bench exports, as this one calls them. */
interface Phases {
  runEndToEnd(
    redis: PrivateRedis,
    options: { leads: number; monitorLeads: number; tuning: StackTuning; cpuProfDir: null },
  ): Promise<EndToEndResult>;
  runIngest(
    redis: PrivateRedis,
    options: { durationS: number; warmupS: number; tuning: StackTuning; cpuProfDir: null },
  ): Promise<HttpFigure>;
  runMemory(redis: PrivateRedis, items: number): Promise<MemoryResult>;
  runFirstDelivery(
    redis: PrivateRedis,
    options: { ratePerSec: number; durationS: number; tuning: StackTuning },
  ): Promise<FirstDeliveryResult>;
}

interface Side {
  label: string;
  phases: Phases;
  e2e: EndToEndResult[];
  ingest: HttpFigure[];
  firstDelivery: FirstDeliveryResult[];
  memory: MemoryResult | null;
}

export interface Comparison {
  rounds: number;
  /** Worst share of the machine other processes took during a phase of the comparison. */
  othersShare: number;
  sides: { label: string; figures: Record<string, number> }[];
}

/** Figures compared, with how to read them off a side. */
const FIGURES: { key: string; title: string; digits: number; of: (side: Side) => number }[] = [
  {
    key: 'e2eLeadsPerSec',
    title: 'end to end: leads/s',
    digits: 1,
    of: (s) => median(s.e2e.map((r) => r.leadsPerSec)),
  },
  {
    key: 'e2eStackCpuMsPerLead',
    title: 'end to end: stack CPU ms per lead',
    digits: 3,
    of: (s) => median(s.e2e.map((r) => r.cpuMsPerLead.stack)),
  },
  {
    key: 'e2eRedisCpuMsPerLead',
    title: 'end to end: Redis CPU ms per lead',
    digits: 3,
    of: (s) => median(s.e2e.map((r) => r.cpuMsPerLead.redis)),
  },
  {
    key: 'e2eRedisCommandsPerLead',
    title: 'end to end: Redis commands per lead',
    digits: 1,
    of: (s) => median(s.e2e.map((r) => r.redisCommandsPerLead)),
  },
  {
    key: 'ingestLeadsPerSec',
    title: 'ingest: accepted leads/s',
    digits: 0,
    of: (s) => median(s.ingest.map((r) => r.okPerSec)),
  },
  {
    key: 'ingestP99Ms',
    title: 'ingest: p99 ms',
    digits: 0,
    of: (s) => median(s.ingest.map((r) => r.p99Ms)),
  },
  {
    key: 'ingestStackCpuUsPerLead',
    title: 'ingest: stack CPU µs per lead',
    digits: 0,
    of: (s) => median(s.ingest.map((r) => r.serverCpuUsPerRequest)),
  },
  {
    key: 'ingestRedisCpuUsPerLead',
    title: 'ingest: Redis CPU µs per lead',
    digits: 0,
    of: (s) => median(s.ingest.map((r) => r.redisCpuUsPerRequest)),
  },
  {
    key: 'firstDeliveryP50Ms',
    title: `first delivery p50 ms (at ${FIRST_DELIVERY_RATE} leads/s)`,
    digits: 2,
    of: (s) => median(s.firstDelivery.map((r) => r.p50Ms)),
  },
  {
    key: 'firstDeliveryP99Ms',
    title: `first delivery p99 ms (at ${FIRST_DELIVERY_RATE} leads/s)`,
    digits: 2,
    of: (s) => median(s.firstDelivery.map((r) => r.p99Ms)),
  },
  {
    key: 'bytesPerPendingLead',
    title: 'Redis bytes per pending lead',
    digits: 0,
    of: (s) => s.memory?.bytesPerPendingLead ?? Number.NaN,
  },
  {
    key: 'bytesPerScheduledRetry',
    title: 'Redis bytes per scheduled retry',
    digits: 0,
    of: (s) => s.memory?.bytesPerScheduledRetry ?? Number.NaN,
  },
];

/** The commit of a checkout, `+` when its work tree has changes. */
function revisionOf(dir: string): string {
  const git = (...args: string[]) => spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return 'unknown';
  const dirty = git('status', '--porcelain', '--untracked-files=no').stdout.trim();
  return `${head.stdout.trim()}${dirty ? '+' : ''}`;
}

/** Loads a checkout's built bench phases; says how to build them when they are missing. */
async function loadPhases(dir: string): Promise<Phases> {
  const dist = resolve(dir, 'scripts/bench/dist/phases');
  const files = ['end-to-end.js', 'baselines.js', 'memory.js', 'first-delivery.js'].map((file) =>
    resolve(dist, file),
  );
  const missing = files.find((file) => !existsSync(file));
  if (missing) {
    throw new Error(
      `${missing} not found: build that checkout's bench first (cd ${dir} && npm ci && npx tsc -b scripts/bench)`,
    );
  }
  const [e2e, baselines, memory, firstDelivery] = (await Promise.all(
    files.map((file) => import(pathToFileURL(file).href)),
  )) as [
    Pick<Phases, 'runEndToEnd'>,
    Pick<Phases, 'runIngest'>,
    Pick<Phases, 'runMemory'>,
    Pick<Phases, 'runFirstDelivery'>,
  ];
  return {
    runEndToEnd: e2e.runEndToEnd,
    runIngest: baselines.runIngest,
    runMemory: memory.runMemory,
    runFirstDelivery: firstDelivery.runFirstDelivery,
  };
}

export async function runComparison(
  redis: PrivateRedis,
  options: {
    otherDir: string;
    sizes: Sizes;
    tuning: StackTuning;
    progress: (line: string) => void;
  },
): Promise<Comparison> {
  const { sizes, tuning, progress } = options;
  const rounds = Math.max(MIN_ROUNDS, sizes.rounds);
  const here = resolve(import.meta.dirname, '../../..');
  const side = async (label: string, dir: string): Promise<Side> => ({
    label,
    phases: await loadPhases(dir),
    e2e: [],
    ingest: [],
    firstDelivery: [],
    memory: null,
  });
  const sides = [
    await side(revisionOf(here), here),
    await side(`${options.otherDir} (${revisionOf(options.otherDir)})`, options.otherDir),
  ];
  let worstShare = 0;
  const measured = async <T>(body: () => Promise<T>): Promise<T> => {
    const before = await cpuSnapshot(redis.admin);
    const result = await body();
    const share = othersShare(before, await cpuSnapshot(redis.admin), cpus().length);
    if (Number.isFinite(share)) worstShare = Math.max(worstShare, share);
    return result;
  };
  for (let round = 1; round <= rounds; round++) {
    // The side that goes first alternates: neither always runs on a fresh machine.
    const order = round % 2 === 1 ? sides : [...sides].reverse();
    for (const entry of order) {
      const { phases } = entry;
      progress(`compare: ${entry.label} (round ${round} of ${rounds})`);
      entry.e2e.push(
        await measured(() =>
          phases.runEndToEnd(redis, {
            leads: sizes.e2eLeads,
            monitorLeads: 0,
            tuning,
            cpuProfDir: null,
          }),
        ),
      );
      entry.ingest.push(
        await measured(() =>
          phases.runIngest(redis, {
            durationS: sizes.loadS,
            warmupS: sizes.loadWarmupS,
            tuning,
            cpuProfDir: null,
          }),
        ),
      );
      entry.firstDelivery.push(
        await measured(() =>
          phases.runFirstDelivery(redis, {
            ratePerSec: FIRST_DELIVERY_RATE,
            durationS: sizes.latencyS,
            tuning,
          }),
        ),
      );
    }
  }
  for (const entry of sides) {
    progress(`compare: ${entry.label}, memory over ${sizes.memoryItems} items`);
    entry.memory = await measured(() => entry.phases.runMemory(redis, sizes.memoryItems));
  }
  return {
    rounds,
    othersShare: worstShare,
    sides: sides.map((entry) => ({
      label: entry.label,
      figures: Object.fromEntries(FIGURES.map((figure) => [figure.key, figure.of(entry)])),
    })),
  };
}

export function formatComparison(comparison: Comparison): string {
  const [here, other] = comparison.sides;
  if (!here || !other) return '';
  const rows = [['figure', 'other', 'this checkout', 'change']];
  for (const figure of FIGURES) {
    const after = here.figures[figure.key] ?? Number.NaN;
    const before = other.figures[figure.key] ?? Number.NaN;
    const change =
      before === 0 || !Number.isFinite(after / before)
        ? 'n/a'
        : `${after >= before ? '+' : ''}${number(((after - before) / before) * 100, 1)} %`;
    rows.push([figure.title, number(before, figure.digits), number(after, figure.digits), change]);
  }
  const share = Math.round(comparison.othersShare * 100);
  return [
    `other:         ${other.label}`,
    `this checkout: ${here.label}`,
    `medians of ${comparison.rounds} rounds each, the side going first alternating; memory from one pass each`,
    `other processes took up to ${share} % of the machine in a phase${share > 10 ? ' (WARNING: above 10 %, rerun)' : ''}`,
    '',
    table(rows),
    '',
    'change is this checkout against the other; a few % either way is within the noise of one run',
  ].join('\n');
}
