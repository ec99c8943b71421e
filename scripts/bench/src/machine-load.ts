import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { redisCpuSeconds } from './private-redis.js';

/** CPU time of the whole machine and of the benchmark's own processes at one moment (Linux). */
export interface CpuSnapshot {
  atMs: number;
  machineBusyMs: number;
  oursMs: number;
}

/** /proc reports in clock ticks; Linux fixes USER_HZ at 100 for userspace. */
const TICK_MS = 10;

function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return (
    ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) *
    TICK_MS
  );
}

/** This process plus its exited (reaped) children: fields 14–17 of /proc/self/stat. */
function selfAndChildrenMs(): number {
  const text = readFileSync('/proc/self/stat', 'utf8');
  const fields = text
    .slice(text.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  // After the command name the list starts at field 3, so field n is at index n - 3.
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((index) => fields[index] ?? 0);
  return ((utime ?? 0) + (stime ?? 0) + (cutime ?? 0) + (cstime ?? 0)) * TICK_MS;
}

/**
 * A snapshot to compare with a later one; null where /proc is not there. Take it when no
 * benchmark child is running (between phases), so every child's CPU is in the reaped total;
 * the private Redis, still running, is read from INFO.
 */
export async function cpuSnapshot(redis: Redis): Promise<CpuSnapshot | null> {
  try {
    return {
      atMs: performance.now(),
      machineBusyMs: machineBusyMs(),
      oursMs: selfAndChildrenMs() + (await redisCpuSeconds(redis)) * 1000,
    };
  } catch {
    return null;
  }
}

/** Share of the machine's capacity used by processes other than the benchmark's, 0..1. */
export function othersShare(
  before: CpuSnapshot | null,
  after: CpuSnapshot | null,
  cores: number,
): number {
  if (!before || !after) return Number.NaN;
  const capacityMs = (after.atMs - before.atMs) * cores;
  const othersMs = after.machineBusyMs - before.machineBusyMs - (after.oursMs - before.oursMs);
  return Math.max(0, othersMs / capacityMs);
}
