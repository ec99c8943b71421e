import type { ProfileSummary } from './diagnostics/cpu-profile.js';
import type { EndToEndResult } from './phases/end-to-end.js';
import { number, table } from './format.js';
import type { BenchResults } from './report.js';
import { median } from './stats.js';

/**
 * CPU time per unit of work on each side of the two ratios: less sensitive than rates to other
 * processes on the machine, and the "per core" view a buyer of such a system asks for.
 */
export function efficiency(results: BenchResults) {
  const { baseline, hello, ingest, e2e } = results;
  const baselineNodeUs = median(baseline.map((r) => r.cpuMsPerJob * 1000));
  const baselineRedisUs = median(baseline.map((r) => r.redisCpuMsPerJob * 1000));
  // Six queue jobs per lead: three deliveries and three route steps.
  const jobsPerLead = (r: EndToEndResult) =>
    (2 * r.drive.deliveries) / Math.max(1, r.drive.settled);
  const e2eNodeUs = median(e2e.map((r) => (r.cpuMsPerLead.stack * 1000) / jobsPerLead(r)));
  const e2eRedisUs = median(e2e.map((r) => (r.cpuMsPerLead.redis * 1000) / jobsPerLead(r)));
  const helloUs = median(hello.map((r) => r.serverCpuUsPerRequest));
  const ingestNodeUs = median(ingest.map((r) => r.serverCpuUsPerRequest));
  const ingestRedisUs = median(ingest.map((r) => r.redisCpuUsPerRequest));
  return {
    baselineNodeUs,
    baselineRedisUs,
    e2eNodeUs,
    e2eRedisUs,
    e2eRatio: (baselineNodeUs + baselineRedisUs) / (e2eNodeUs + e2eRedisUs),
    helloUs,
    ingestNodeUs,
    ingestRedisUs,
    ingestRatio: helloUs / (ingestNodeUs + ingestRedisUs),
  };
}

/** Where the time went: CPU per unit of work and per lead, Redis, unit costs, profiles. */
export function diagnosticLines(results: BenchResults): string[] {
  const { e2e, memory, firstDelivery } = results;
  const last = e2e.at(-1);
  if (!last) return [];
  const out: string[] = [];
  const { dead } = results;
  if (dead) {
    const { normal, underRetries } = dead.cpuMsPerLead;
    out.push(
      `under ${number(dead.retries)} scheduled retries (${number(dead.redisBytes / 2 ** 20)} MiB of Redis, filled in ${number(dead.fillSeconds)} s): ` +
        `CPU per lead stack ${number(normal.stack, 3)} -> ${number(underRetries.stack, 3)} ms, ` +
        `Redis ${number(normal.redis, 3)} -> ${number(underRetries.redis, 3)} ms`,
      '',
    );
  }
  const loop = firstDelivery.loopDelay;
  if (loop) {
    out.push(
      `event-loop delay of the stack during the first-delivery run: p50 ${number(loop.p50Ms, 1)} ms, ` +
        `p99 ${number(loop.p99Ms, 1)} ms, max ${number(loop.maxMs, 1)} ms`,
      '',
    );
  }
  const cpu = (pick: (r: EndToEndResult) => number) => number(median(e2e.map(pick)), 3);
  const eff = efficiency(results);
  out.push(
    'CPU per unit of work (medians; steadier than rates on a busy machine):',
    `  bare BullMQ ${number(eff.baselineNodeUs)} µs + Redis ${number(eff.baselineRedisUs)} µs per job; ` +
      `leadrelay end to end ${number(eff.e2eNodeUs)} µs + Redis ${number(eff.e2eRedisUs)} µs per queue job ` +
      `-> CPU-normalised e2e ratio ${number(eff.e2eRatio, 3)}`,
    `  hello world ${number(eff.helloUs)} µs per request; ingest ${number(eff.ingestNodeUs)} µs + Redis ${number(eff.ingestRedisUs)} µs per lead ` +
      `-> CPU-normalised ingest ratio ${number(eff.ingestRatio, 3)}`,
    '',
  );
  out.push(
    'where an end-to-end lead goes (per lead; medians of the timed rounds unless said):',
    `  CPU ms: stack ${cpu((r) => r.cpuMsPerLead.stack)}, Redis ${cpu((r) => r.cpuMsPerLead.redis)}, ` +
      `buyer ${cpu((r) => r.cpuMsPerLead.buyer)}, load generator ${cpu((r) => r.cpuMsPerLead.driver)}`,
    `  Redis commands executed, last round (INFO commandstats, scripts' inner commands included): ${number(last.redisCommandsPerLead, 1)}`,
  );
  const commandRows = [['  command', 'calls/lead', 'µs/lead']];
  for (const stat of last.commandsPerLead.slice(0, 12)) {
    commandRows.push([`  ${stat.command}`, number(stat.calls, 2), number(stat.usec, 1)]);
  }
  out.push(table(commandRows));
  const trips = last.roundTrips;
  if (trips) {
    out.push(
      `  round trips sent by clients (MONITOR, a burst of ${number(trips.leads)} leads): ${number(trips.roundTripsPerLead, 1)} per lead; ` +
        `${number(trips.scriptCommandsPerLead, 1)} commands run inside scripts; idle background ${number(trips.idleCommandsPerSec, 1)} commands/s`,
    );
    const tripRows = [['  sent', 'per lead']];
    for (const entry of trips.clientCommandsPerLead.slice(0, 14)) {
      tripRows.push([`  ${entry.label}`, number(entry.perLead, 2)]);
    }
    out.push(table(tripRows));
  }
  const unit = results.httpClient;
  const { leadrelay, nodeHttp } = unit;
  out.push(
    'unit costs (CPU of the calling process, µs per operation):',
    `  delivery HTTP exchange (${number(unit.requests)} POSTs, 50 in flight): leadrelay send (got) ` +
      `${number(leadrelay.cpuUsPerRequest)} µs (${number(leadrelay.requestsPerSec)} req/s), ` +
      `node:http ${number(nodeHttp.cpuUsPerRequest)} µs (${number(nodeHttp.requestsPerSec)} req/s)`,
    `  one info log line with its per-job child logger: ${number(unit.logLineCpuUs, 1)} µs`,
    `  one Redis round trip (HGET, 50 in flight): client ${number(unit.redisCommand.clientUs, 1)} µs + Redis ${number(unit.redisCommand.redisUs, 1)} µs; ` +
      `autopipelined: client ${number(unit.redisCommandAutopipelined.clientUs, 1)} µs + Redis ${number(unit.redisCommandAutopipelined.redisUs, 1)} µs`,
  );
  const keys = Object.entries(memory.sampleKeyBytes)
    .map(([label, bytes]) => `${label} ${number(bytes)} B`)
    .join(', ');
  if (keys) out.push(`  Redis MEMORY USAGE of sample keys: ${keys}`);
  out.push('');

  for (const [name, profile] of Object.entries(results.profiles)) {
    out.push(
      `CPU profile of the stack during ${name}, last round (${number(profile.totalMs)} ms on CPU; native and Node-internal frames charged to their caller):`,
    );
    const section = (title: string, lines: ProfileSummary['byPackage']) => {
      const rows = [[`  ${title}`, 'ms', 'share']];
      for (const line of lines) {
        rows.push([`  ${line.name}`, number(line.ms), `${number(line.share * 100, 1)} %`]);
      }
      out.push(table(rows));
    };
    section('self time by package', profile.byPackage.slice(0, 12));
    section('self time by function', profile.topSelf);
    section('inclusive time of leadrelay functions', profile.topLeadrelayInclusive);
    out.push('');
  }
  return out;
}
