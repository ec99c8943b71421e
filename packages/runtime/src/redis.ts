import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/**
 * Redis connections. Two kinds, because they must behave differently while Redis is away:
 * - `blocking` (BullMQ workers): retry forever, never give up a command.
 * - `command` (api, lead store, producers): fail fast so ingest can answer 503 at once
 *   instead of queueing commands in memory (NOTES.md "Connections").
 */
export type ConnectionKind = 'blocking' | 'command';

/**
 * Longest a command on a `command` connection may wait for its answer. A Redis that hangs
 * without closing the socket (paused, overloaded) then fails ingest with 503 instead of holding
 * every request.
 */
export const COMMAND_TIMEOUT_MS = 3000;

/**
 * `autoPipeline`: the commands issued in one turn of the event loop leave in one write (ioredis
 * auto-pipelining), in order. For leadrelay's own commands and job adds, never for a BullMQ
 * worker's connection.
 */
export interface ConnectionOptions {
  autoPipeline?: boolean;
}

export function createRedis(
  url: string,
  kind: ConnectionKind,
  name: string,
  connection: ConnectionOptions = {},
): Redis {
  const options: RedisOptions = {
    connectionName: `leadrelay:${name}`,
    enableAutoPipelining: connection.autoPipeline === true,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    ...(kind === 'blocking'
      ? { maxRetriesPerRequest: null, enableOfflineQueue: true }
      : {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          connectTimeout: 2000,
          commandTimeout: COMMAND_TIMEOUT_MS,
        }),
  };
  const redis = new Redis(url, options);
  // ioredis emits 'error' on every failed reconnect; without a listener node would crash.
  redis.on('error', () => undefined);
  return redis;
}

/** Where leadrelay's Redis is: the two settings that choose it (Settings satisfies this). */
export interface RedisTarget {
  /** REDIS_URL. With cluster nodes set, only its user, password and scheme are used. */
  redisUrl: string;
  /** REDIS_CLUSTER_NODES: `host:port` seeds, comma-separated; empty for a single Redis. */
  redisClusterNodes: string;
}

/** One seed node of a Redis Cluster. */
export interface ClusterSeed {
  host: string;
  port: number;
}

/**
 * Parses REDIS_CLUSTER_NODES: `host:port` entries separated by commas (IPv6 as `[::1]:7000`).
 * Returns [] for an empty list; throws naming the first entry that is not `host:port`.
 */
export function parseClusterNodes(list: string): ClusterSeed[] {
  const entries = list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.map((entry) => {
    const match = /^(\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(entry);
    const port = match ? Number(match[2]) : 0;
    if (!match || port < 1 || port > 65535) {
      throw new Error(`"${entry}" is not host:port`);
    }
    return { host: (match[1] as string).replace(/^\[(.*)\]$/, '$1'), port };
  });
}

/**
 * A Redis Cluster connection of the given kind: the same two behaviors as `createRedis`
 * (blocking connections retry forever, command connections fail fast while the cluster is
 * away). Credentials and TLS come from `url` (`rediss://user:password@…`), its host is ignored:
 * the seeds say where the cluster is, and the cluster tells the client about the other nodes.
 */
export function createRedisCluster(
  seeds: readonly ClusterSeed[],
  url: string,
  kind: ConnectionKind,
  name: string,
  connection: ConnectionOptions = {},
): Cluster {
  const parsed = new URL(url);
  const tls = parsed.protocol === 'rediss:';
  const redisOptions: RedisOptions = {
    connectionName: `leadrelay:${name}`,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(tls ? { tls: {} } : {}),
    ...(kind === 'blocking'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: COMMAND_TIMEOUT_MS }),
  };
  const options: ClusterOptions = {
    redisOptions,
    clusterRetryStrategy: (times) => Math.min(100 * times, 2000),
    enableOfflineQueue: kind === 'blocking',
    enableAutoPipelining: connection.autoPipeline === true,
    // ioredis resolves node names to addresses before connecting; under TLS the certificate
    // would then be checked against an address. Passing names through keeps the host name.
    ...(tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
  };
  const cluster = new Cluster([...seeds], options);
  // As with a single node: without a listener every failed reconnect would crash the process.
  cluster.on('error', () => undefined);
  return cluster;
}

/**
 * The connection every role uses: a single Redis from REDIS_URL, or a Redis Cluster when
 * REDIS_CLUSTER_NODES is set. leadrelay's keys are cluster-safe (each queue's keys share one
 * hash tag, each lead's key has its own, every script touches one key) and BullMQ accepts a
 * Cluster wherever it accepts a Redis.
 *
 * TODO(runtime): typed as Redis because the lead store, queues, worker and router take
 * `Redis`; widen those parameters to `Redis | Cluster` and drop this cast. Nothing of the
 * Redis-only API (SCAN of the whole keyspace, SELECT, KEYS) is used on these connections.
 */
export function connectRedis(
  target: RedisTarget,
  kind: ConnectionKind,
  name: string,
  connection: ConnectionOptions = {},
): Redis {
  const seeds = parseClusterNodes(target.redisClusterNodes);
  if (seeds.length === 0) return createRedis(target.redisUrl, kind, name, connection);
  return createRedisCluster(seeds, target.redisUrl, kind, name, connection) as unknown as Redis;
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
