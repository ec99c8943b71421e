import type { Cluster, Redis } from 'ioredis';
import { scanTargets } from '@leadrelay/runtime';

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

export { deleteKeys } from '@leadrelay/runtime';
