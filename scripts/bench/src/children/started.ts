import type { Redis } from 'ioredis';

/** A command a child answers over IPC. */
export type Handler = (args: never) => Promise<unknown>;

/** What a started child role offers: its info for the parent, its commands, its shutdown. */
export interface Started {
  info: Record<string, unknown>;
  handlers: Record<string, Handler>;
  close(): Promise<void>;
}

/** This process's CPU time so far, ms. */
export function cpuMs() {
  const usage = process.cpuUsage();
  return { userMs: usage.user / 1000, systemMs: usage.system / 1000 };
}

/** The base URL of a server listening on loopback. */
export function listenUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/** Redis CPU time so far (user + system), ms, from INFO cpu. */
export async function redisCpuMs(redis: Redis): Promise<number> {
  const text = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(text)?.[1] ?? 0);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
}
