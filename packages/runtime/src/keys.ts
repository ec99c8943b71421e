import type { Cluster, Redis } from 'ioredis';

/** The nodes a SCAN must visit: every master of a cluster, or the one Redis. */
export function scanTargets(redis: Redis | Cluster): Redis[] {
  return redis.isCluster ? (redis as Cluster).nodes('master') : [redis as Redis];
}

/**
 * Every key matching `pattern`, node by node (SCAN walks one node's keyspace, so on a cluster
 * it runs once per master). Each cursor returns to 0 after a bounded number of calls.
 */
export async function* scanKeys(redis: Redis | Cluster, pattern: string): AsyncGenerator<string> {
  for (const node of scanTargets(redis)) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      yield* batch;
    } while (cursor !== '0');
  }
}

/** Deletes every key under `<prefix>:`; returns how many. One key per UNLINK: slots differ. */
export async function deleteKeys(redis: Redis | Cluster, prefix: string): Promise<number> {
  let deleted = 0;
  let batch: Promise<number>[] = [];
  for await (const key of scanKeys(redis, `${prefix}:*`)) {
    batch.push(redis.unlink(key));
    if (batch.length >= 500) {
      deleted += (await Promise.all(batch)).reduce((a, b) => a + b, 0);
      batch = [];
    }
  }
  return deleted + (await Promise.all(batch)).reduce((a, b) => a + b, 0);
}
