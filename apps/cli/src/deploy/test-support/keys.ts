import type { Cluster, Redis } from 'ioredis';

/** The nodes a SCAN must visit: every master of a cluster, or the one Redis. */
function scanTargets(redis: Redis | Cluster): Redis[] {
  return redis.isCluster ? (redis as Cluster).nodes('master') : [redis as Redis];
}

/**
 * Every key under `<prefix>:`, grouped by the node that holds it (`host:port`). SCAN walks one
 * node's keyspace only, so on a cluster it runs once per master.
 */
export async function keysByNode(
  redis: Redis | Cluster,
  prefix: string,
): Promise<Map<string, string[]>> {
  const byNode = new Map<string, string[]>();
  for (const node of scanTargets(redis)) {
    const keys: string[] = [];
    let cursor = '0';
    // A SCAN cursor returns to 0 after a bounded number of calls (the keyspace is finite).
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    byNode.set(`${node.options.host}:${node.options.port}`, keys);
  }
  return byNode;
}

/** Deletes every key under `<prefix>:` (on each master of a cluster); returns how many. */
export async function deleteKeys(redis: Redis | Cluster, prefix: string): Promise<number> {
  let deleted = 0;
  const byNode = await keysByNode(redis, prefix);
  for (const node of scanTargets(redis)) {
    const keys = byNode.get(`${node.options.host}:${node.options.port}`) ?? [];
    // One key per UNLINK call on a cluster node: keys of one batch may sit in different slots.
    for (let i = 0; i < keys.length; i += 500) {
      const batch = keys.slice(i, i + 500);
      deleted += await Promise.all(batch.map((key) => node.unlink(key))).then((n) =>
        n.reduce((a, b) => a + b, 0),
      );
    }
  }
  return deleted;
}
