import type { ProfileSummary } from './diagnostics/cpu-profile.js';
import type { BullmqBaseline, HttpFigure } from './phases/baselines.js';
import type { DeadDestinationResult } from './phases/dead-destination.js';
import type { EndToEndResult } from './phases/end-to-end.js';
import type { FirstDeliveryResult } from './phases/first-delivery.js';
import type { HttpClientResult } from './phases/http-client.js';
import type { MemoryResult } from './phases/memory.js';
import { number, table } from './format.js';
import { diagnosticLines } from './report-diagnostics.js';
import { median } from './stats.js';

export interface Machine {
  cores: number;
  cpuModel: string;
  totalMemoryBytes: number;
  os: string;
  node: string;
  redis: string;
}

export interface BenchResults {
  mode: string;
  rounds: number;
  /** The commit measured; `+` when the work tree had changes. */
  revision: string;
  /** Bench-only changes to the stack under test; empty for a product figure. */
  experiments: string[];
  /** Destination concurrency of the end-to-end campaign. */
  destinationConcurrency: number;
  machine: Machine;
  /** One entry per round, for the four compared figures. */
  baseline: BullmqBaseline[];
  hello: HttpFigure[];
  ingest: HttpFigure[];
  e2e: EndToEndResult[];
  firstDelivery: FirstDeliveryResult;
  httpClient: HttpClientResult;
  memory: MemoryResult;
  dead: DeadDestinationResult | null;
  profiles: Partial<Record<'ingest' | 'end to end', ProfileSummary>>;
  /** Share of the machine other processes used, worst round of each phase (0..1; NaN off Linux). */
  interference: Record<string, number>;
  elapsedS: number;
}

/** The targets of issue 6 (reported, never asserted). */
export const TARGETS = {
  e2eRatio: 0.4,
  ingestRatio: 0.3,
  ingestP99Ms: 15,
  firstDeliveryP99Ms: 10,
  bytesPerPendingLead: 2048,
  bytesPerScheduledRetry: 1536,
  healthyUnderRetriesRatio: 0.9,
} as const;

const round = (value: number, digits = 0) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** Medians over the rounds of what the table and the JSON report. */
function figures(results: BenchResults) {
  const { baseline, hello, ingest, e2e } = results;
  const med = <T>(rounds: T[], pick: (round: T) => number) => median(rounds.map(pick));
  return {
    baselineJobsPerSec: med(baseline, (r) => r.jobsPerSec),
    helloReqPerSec: med(hello, (r) => r.okPerSec),
    helloP50Ms: med(hello, (r) => r.p50Ms),
    helloP99Ms: med(hello, (r) => r.p99Ms),
    e2eLeadsPerSec: med(e2e, (r) => r.leadsPerSec),
    e2eDeliveriesPerSec: med(e2e, (r) => r.deliveriesPerSec),
    e2eJobsPerSec: med(e2e, (r) => r.jobsPerSec),
    ingestLeadsPerSec: med(ingest, (r) => r.okPerSec),
    ingestP50Ms: med(ingest, (r) => r.p50Ms),
    ingestP99Ms: med(ingest, (r) => r.p99Ms),
  };
}

/** The `--json` object: exactly the issue's keys, plus the machine. */
export function toJson(results: BenchResults) {
  const { firstDelivery, memory, machine } = results;
  const f = figures(results);
  return {
    baselineJobsPerSec: round(f.baselineJobsPerSec),
    helloReqPerSec: round(f.helloReqPerSec),
    e2eLeadsPerSec: round(f.e2eLeadsPerSec, 1),
    e2eDeliveriesPerSec: round(f.e2eDeliveriesPerSec, 1),
    e2eJobsPerSec: round(f.e2eJobsPerSec, 1),
    e2eRatio: round(f.e2eJobsPerSec / f.baselineJobsPerSec, 3),
    ingestLeadsPerSec: round(f.ingestLeadsPerSec),
    ingestP50Ms: round(f.ingestP50Ms, 1),
    ingestP99Ms: round(f.ingestP99Ms, 1),
    ingestRatio: round(f.ingestLeadsPerSec / f.helloReqPerSec, 3),
    firstDeliveryP50Ms: round(firstDelivery.p50Ms, 2),
    firstDeliveryP99Ms: round(firstDelivery.p99Ms, 2),
    bytesPerPendingLead: round(memory.bytesPerPendingLead),
    bytesPerScheduledRetry: round(memory.bytesPerScheduledRetry),
    machine,
  };
}

function verdict(value: number, target: number, higherIsBetter: boolean): string {
  if (!Number.isFinite(value)) return 'n/a';
  return (higherIsBetter ? value >= target : value <= target) ? 'met' : 'MISSED';
}

/** `min–max` over the rounds, or empty with one round. */
function spread<T>(rounds: T[], pick: (round: T) => number, digits = 0): string {
  if (rounds.length < 2) return '';
  const values = rounds.map(pick);
  return `${number(Math.min(...values), digits)}–${number(Math.max(...values), digits)}`;
}

function figureRows(results: BenchResults): string[][] {
  const { baseline, hello, ingest, e2e, firstDelivery, memory, dead } = results;
  const json = toJson(results);
  const f = figures(results);
  const leads = e2e.reduce((total, r) => total + r.drive.settled, 0);
  const complete = e2e.every((r) => r.drive.complete);
  const spreadHeader = results.rounds > 1 ? `min–max of ${results.rounds} rounds` : '';
  const rows: string[][] = [['figure', 'value', spreadHeader, 'target', 'status']];
  const target = (value: number, limit: number, higherIsBetter: boolean) => [
    `${higherIsBetter ? '>=' : '<='} ${limit}`,
    verdict(value, limit, higherIsBetter),
  ];
  rows.push(
    [
      'baseline: bare BullMQ add + process, jobs/s',
      number(json.baselineJobsPerSec),
      spread(baseline, (r) => r.jobsPerSec),
      '',
      '',
    ],
    [
      `baseline: Fastify hello POST, req/s (p50 ${number(f.helloP50Ms)} / p99 ${number(f.helloP99Ms)} ms)`,
      number(json.helloReqPerSec),
      spread(hello, (r) => r.okPerSec),
      '',
      '',
    ],
    [
      `end to end: leads/s (${number(leads)} leads${complete ? '' : ', INCOMPLETE'})`,
      number(json.e2eLeadsPerSec, 1),
      spread(e2e, (r) => r.leadsPerSec, 1),
      '',
      '',
    ],
    [
      'end to end: deliveries/s',
      number(json.e2eDeliveriesPerSec, 1),
      spread(e2e, (r) => r.deliveriesPerSec, 1),
      '',
      '',
    ],
    [
      'end to end: queue jobs/s (deliveries + route jobs)',
      number(json.e2eJobsPerSec, 1),
      spread(e2e, (r) => r.jobsPerSec, 1),
      '',
      '',
    ],
    [
      'e2eRatio (e2e jobs/s / baseline jobs/s)',
      number(json.e2eRatio, 3),
      spread(
        e2e.map((r, i) => r.jobsPerSec / (baseline[i]?.jobsPerSec ?? Number.NaN)),
        (v) => v,
        3,
      ),
      ...target(json.e2eRatio, TARGETS.e2eRatio, true),
    ],
    [
      'ingest: accepted leads/s (100 connections)',
      number(json.ingestLeadsPerSec),
      spread(ingest, (r) => r.okPerSec),
      '',
      '',
    ],
    ['ingest: p50 latency, ms', number(json.ingestP50Ms), spread(ingest, (r) => r.p50Ms), '', ''],
    [
      'ingest: p99 latency, ms',
      number(json.ingestP99Ms),
      spread(ingest, (r) => r.p99Ms),
      ...target(json.ingestP99Ms, TARGETS.ingestP99Ms, false),
    ],
    [
      'ingestRatio (ingest / hello)',
      number(json.ingestRatio, 3),
      spread(
        ingest.map((r, i) => r.okPerSec / (hello[i]?.okPerSec ?? Number.NaN)),
        (v) => v,
        3,
      ),
      ...target(json.ingestRatio, TARGETS.ingestRatio, true),
    ],
    [
      `first delivery p50, ms (at ${number(firstDelivery.ratePerSec)} leads/s, ${number(firstDelivery.samples)} leads)`,
      number(json.firstDeliveryP50Ms, 2),
      '',
      '',
      '',
    ],
    [
      `first delivery p99, ms (p90 ${number(firstDelivery.p90Ms, 1)}, max ${number(firstDelivery.maxMs, 1)})`,
      number(json.firstDeliveryP99Ms, 2),
      '',
      ...target(json.firstDeliveryP99Ms, TARGETS.firstDeliveryP99Ms, false),
    ],
    [
      `Redis bytes per pending lead (no fields; ${number(memory.items)} leads)`,
      number(json.bytesPerPendingLead),
      '',
      ...target(json.bytesPerPendingLead, TARGETS.bytesPerPendingLead, false),
    ],
    [
      `Redis bytes per scheduled retry (${number(memory.items)} retries)`,
      number(json.bytesPerScheduledRetry),
      '',
      ...target(json.bytesPerScheduledRetry, TARGETS.bytesPerScheduledRetry, false),
    ],
    [
      'Redis bytes per recorded attempt (in the lead)',
      number(memory.bytesPerAttemptRecord),
      '',
      '',
      '',
    ],
  );
  if (dead) {
    rows.push([
      `healthy leads/s under ${number(dead.retries)} scheduled retries (${number(dead.underRetriesLeadsPerSec, 1)} vs ${number(dead.normalLeadsPerSec, 1)} leads/s)`,
      number(dead.ratio, 3),
      '',
      ...target(dead.ratio, TARGETS.healthyUnderRetriesRatio, true),
    ]);
  } else {
    rows.push(['healthy leads/s under 1,000,000 scheduled retries', 'skipped', '', '--full', '']);
  }
  return rows;
}

function warningLines(results: BenchResults): string[] {
  const { ingest, e2e, firstDelivery } = results;
  const warnings: string[] = [];
  e2e.forEach((r, i) => {
    const name = `end to end round ${i + 1}`;
    if (!r.drive.complete) warnings.push(`${name}: not every lead was final within the bound`);
    if (r.drive.notAccepted > 0)
      warnings.push(`${name}: ${r.drive.notAccepted} posts not accepted`);
    for (const [path, count] of Object.entries(r.buyerRequests)) {
      if (count !== r.drive.accepted) {
        warnings.push(`${name}: buyer ${path} saw ${count} requests for ${r.drive.accepted} leads`);
      }
    }
  });
  ingest.forEach((r, i) => {
    if (r.other + r.errors > 0) {
      warnings.push(
        `ingest round ${i + 1}: ${r.other} non-2xx answers, ${r.errors} errors/timeouts`,
      );
    }
  });
  if (firstDelivery.missing > 0) {
    warnings.push(
      `first delivery: ${firstDelivery.missing} accepted leads never reached the buyer`,
    );
  }
  for (const [name, share] of Object.entries(results.interference)) {
    if (share > 0.1) {
      warnings.push(
        `${name}: other processes used up to ${number(share * 100)} % of the machine; figures are low and ratios less reliable`,
      );
    }
  }
  return warnings;
}

/** The readable report: the figures with their targets, then where the time went. */
export function formatReport(results: BenchResults): string {
  const { machine } = results;
  const out: string[] = [
    `leadrelay benchmark (${results.mode}, ${number(results.elapsedS)} s, tree ${results.revision}): ` +
      `${machine.cores} cores ${machine.cpuModel}, Node ${machine.node}, Redis ${machine.redis}, ${machine.os}; ` +
      `destination concurrency ${results.destinationConcurrency}`,
  ];
  if (results.experiments.length > 0) {
    out.push(`EXPERIMENT, not a product figure: ${results.experiments.join(', ')}`);
  }
  out.push('', table(figureRows(results)), '');
  out.push(
    `other processes' share of the machine (worst round): ${Object.entries(results.interference)
      .map(([name, share]) => `${name} ${number(share * 100)} %`)
      .join(', ')}`,
  );
  const warnings = warningLines(results);
  if (warnings.length > 0) out.push('warnings:', ...warnings.map((w) => `  ${w}`));
  out.push('', ...diagnosticLines(results));
  return out.join('\n');
}
