/**
 * `npm run bench -- --compare DIR`: this checkout against another one (an older commit, a
 * branch), measured side by side in one run — the end-to-end, ingest and memory phases of
 * both, interleaved round by round on one private Redis, so a slow spell of the machine hits
 * both. The other checkout runs its own bench phases and its own product code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { number, table } from './format.js';
import type { Sizes } from './options.js';
import type { HttpFigure } from './phases/baselines.js';
import type { EndToEndResult } from './phases/end-to-end.js';
import type { MemoryResult } from './phases/memory.js';
import type { PrivateRedis } from './private-redis.js';
import type { StackTuning } from './stack-child.js';
import { median } from './stats.js';

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
}

interface Side {
  label: string;
  phases: Phases;
  e2e: EndToEndResult[];
  ingest: HttpFigure[];
  memory: MemoryResult | null;
}

export interface Comparison {
  rounds: number;
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
  const files = ['end-to-end.js', 'baselines.js', 'memory.js'].map((file) => resolve(dist, file));
  const missing = files.find((file) => !existsSync(file));
  if (missing) {
    throw new Error(
      `${missing} not found: build that checkout's bench first (cd ${dir} && npm ci && npx tsc -b scripts/bench)`,
    );
  }
  const [e2e, baselines, memory] = (await Promise.all(
    files.map((file) => import(pathToFileURL(file).href)),
  )) as [Pick<Phases, 'runEndToEnd'>, Pick<Phases, 'runIngest'>, Pick<Phases, 'runMemory'>];
  return {
    runEndToEnd: e2e.runEndToEnd,
    runIngest: baselines.runIngest,
    runMemory: memory.runMemory,
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
  const here = resolve(import.meta.dirname, '../../..');
  const sides: Side[] = [
    {
      label: revisionOf(here),
      phases: await loadPhases(here),
      e2e: [],
      ingest: [],
      memory: null,
    },
    {
      label: `${options.otherDir} (${revisionOf(options.otherDir)})`,
      phases: await loadPhases(options.otherDir),
      e2e: [],
      ingest: [],
      memory: null,
    },
  ];
  for (let round = 1; round <= sizes.rounds; round++) {
    // ABBA: neither side always runs first, or last after a long run warmed the machine.
    const order = round % 2 === 1 ? sides : [...sides].reverse();
    for (const side of order) {
      progress(`compare: ${side.label}, end to end and ingest (round ${round} of ${sizes.rounds})`);
      side.e2e.push(
        await side.phases.runEndToEnd(redis, {
          leads: sizes.e2eLeads,
          monitorLeads: 0,
          tuning,
          cpuProfDir: null,
        }),
      );
      side.ingest.push(
        await side.phases.runIngest(redis, {
          durationS: sizes.loadS,
          warmupS: sizes.loadWarmupS,
          tuning,
          cpuProfDir: null,
        }),
      );
    }
  }
  for (const side of sides) {
    progress(`compare: ${side.label}, memory over ${sizes.memoryItems} items`);
    side.memory = await side.phases.runMemory(redis, sizes.memoryItems);
  }
  return {
    rounds: sizes.rounds,
    sides: sides.map((side) => ({
      label: side.label,
      figures: Object.fromEntries(FIGURES.map((figure) => [figure.key, figure.of(side)])),
    })),
  };
}

export function formatComparison(comparison: Comparison): string {
  const [here, other] = comparison.sides;
  if (!here || !other) return '';
  const rows = [['figure', 'this checkout', 'other', 'change']];
  for (const figure of FIGURES) {
    const a = here.figures[figure.key] ?? Number.NaN;
    const b = other.figures[figure.key] ?? Number.NaN;
    const change =
      b === 0 || !Number.isFinite(a / b)
        ? 'n/a'
        : `${a >= b ? '+' : ''}${number(((a - b) / b) * 100, 1)} %`;
    rows.push([figure.title, number(a, figure.digits), number(b, figure.digits), change]);
  }
  return [
    `this checkout: ${here.label}`,
    `other:         ${other.label}`,
    `medians of ${comparison.rounds} interleaved round(s) each; memory from one pass each`,
    '',
    table(rows),
  ].join('\n');
}
