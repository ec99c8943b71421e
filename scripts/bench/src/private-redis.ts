import { Redis } from 'ioredis';
import { startLocalRedis } from '@leadrelay/cli';

export { freePort } from '@leadrelay/cli';

export interface PrivateRedis {
  url: string;
  port: number;
  /** A connection for the benchmark's own reads (INFO, FLUSHALL, MONITOR setup). */
  admin: Redis;
  pid: number;
  stop(): Promise<void>;
}

/**
 * A private, non-persistent `redis-server` on a free loopback port — the one `npm run demo`
 * starts (apps/cli/src/local-redis.ts) — so nothing else on a shared Redis skews the figures.
 * `noeviction` as DESIGN.md asks of production.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const local = await startLocalRedis({ args: ['--maxmemory-policy', 'noeviction'] });
  const admin = new Redis(local.url, { maxRetriesPerRequest: null });
  admin.on('error', () => undefined);
  return {
    url: local.url,
    port: Number(new URL(local.url).port),
    admin,
    pid: local.pid,
    stop: async () => {
      admin.disconnect();
      await local.stop();
    },
  };
}

/** One INFO section as a map of field → value. */
export async function info(redis: Redis, section: string): Promise<Map<string, string>> {
  const text = await redis.info(section);
  const out = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) out.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return out;
}

/** `used_memory` in bytes. */
export async function usedMemory(redis: Redis): Promise<number> {
  return Number((await info(redis, 'memory')).get('used_memory') ?? 0);
}

/** Redis CPU seconds (user + system) so far. */
export async function redisCpuSeconds(redis: Redis): Promise<number> {
  const cpu = await info(redis, 'cpu');
  return Number(cpu.get('used_cpu_user') ?? 0) + Number(cpu.get('used_cpu_sys') ?? 0);
}

export interface CommandStat {
  command: string;
  calls: number;
  usec: number;
}

/**
 * INFO commandstats. Redis counts a command run inside a Lua script here too, so these are
 * commands executed, not round trips (see diagnostics/monitor.ts for those).
 */
export async function commandStats(redis: Redis): Promise<CommandStat[]> {
  const out: CommandStat[] = [];
  for (const [key, value] of await info(redis, 'commandstats')) {
    if (!key.startsWith('cmdstat_')) continue;
    const fields = new Map(value.split(',').map((pair) => pair.split('=') as [string, string]));
    out.push({
      command: key.slice('cmdstat_'.length),
      calls: Number(fields.get('calls') ?? 0),
      usec: Number(fields.get('usec') ?? 0),
    });
  }
  return out.sort((a, b) => b.usec - a.usec);
}

/** Empties the private Redis between phases and resets its counters. */
export async function resetRedis(redis: Redis): Promise<void> {
  await redis.flushall();
  await redis.config('RESETSTAT');
}
