import { Redis, type RedisOptions } from 'ioredis';

/**
 * Redis connections. Two kinds, because they must behave differently while Redis is away:
 * - `blocking` (BullMQ workers): retry forever, never give up a command.
 * - `command` (api, lead store, producers): fail fast so ingest can answer 503 at once
 *   instead of queueing commands in memory (NOTES.md "Connections").
 */
export type ConnectionKind = 'blocking' | 'command';

export function createRedis(url: string, kind: ConnectionKind, name: string): Redis {
  const options: RedisOptions = {
    connectionName: `leadrelay:${name}`,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    ...(kind === 'blocking'
      ? { maxRetriesPerRequest: null, enableOfflineQueue: true }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 }),
  };
  const redis = new Redis(url, options);
  // ioredis emits 'error' on every failed reconnect; without a listener node would crash.
  redis.on('error', () => undefined);
  return redis;
}

/** Resolves once the connection is ready, or rejects after `timeoutMs`. */
export async function waitForRedis(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}
