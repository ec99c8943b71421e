import type { Cluster } from 'ioredis';
import { createRedisCluster, loadSettings, parseClusterNodes } from '@leadrelay/runtime';
import { answer, startBuyer, type TestBuyer } from '../test-support/buyer.js';
import {
  dest,
  FAILURE_XML,
  FIELDS,
  source,
  startTestStack,
  SUCCESS_XML,
  type LeadJson,
  type TestStack,
} from '../test-support/stack.js';
import { waitFor } from '../test-support/wait.js';
import { keysByNode } from './test-support/keys.js';
import { startRedisCluster, type LocalRedisCluster } from './test-support/redis-cluster.js';

const LEADS = 60;
const EVERY_OUTCOME_CONTINUES = {
  success: 'continue',
  failure: 'continue',
  error: 'continue_retry_later',
};

describe('REDIS_CLUSTER_NODES', () => {
  test.each([
    ['127.0.0.1:7000', [{ host: '127.0.0.1', port: 7000 }]],
    [
      ' redis-0.redis:6379, [::1]:7001 ',
      [
        { host: 'redis-0.redis', port: 6379 },
        { host: '::1', port: 7001 },
      ],
    ],
    ['', []],
  ])('%j parses to seeds', (value, seeds) => {
    expect(parseClusterNodes(value)).toEqual(seeds);
    expect(loadSettings({ REDIS_CLUSTER_NODES: value }).redisClusterNodes).toBe(value);
  });

  test.each(['redis-0', '127.0.0.1:', '127.0.0.1:70000', 'redis://127.0.0.1:7000'])(
    '%j is refused at start, naming the variable',
    (value) => {
      expect(() => loadSettings({ REDIS_CLUSTER_NODES: value })).toThrow(/REDIS_CLUSTER_NODES/);
    },
  );
});

describe('end to end on a real three-master Redis Cluster', () => {
  let cluster: LocalRedisCluster | undefined;
  let stack: TestStack | undefined;
  let client: Cluster | undefined;
  let buyers: TestBuyer[] = [];

  afterAll(async () => {
    await stack?.close();
    client?.disconnect();
    await Promise.all(buyers.map((buyer) => buyer.close()));
    // The cluster keeps nothing on disk: stopping it removes every key the test wrote.
    await cluster?.stop();
  });

  test('every lead settles, buyers see each lead once per attempt, queues spread over shards', async () => {
    cluster = await startRedisCluster(3);
    const ERROR_503 = answer(503, 'busy');
    const attemptsSeen = new Map<string, number>();
    buyers = await Promise.all([
      startBuyer(answer(200, FAILURE_XML)),
      // Errors on the first attempt of each lead, accepts the retry (per Idempotency-Key).
      startBuyer((request, response, n) => {
        const key = String(request.headers['idempotency-key']);
        const seen = (attemptsSeen.get(key) ?? 0) + 1;
        attemptsSeen.set(key, seen);
        (seen === 1 ? ERROR_503 : answer(200, SUCCESS_XML))(request, response, n);
      }),
      startBuyer(answer(200, SUCCESS_XML)),
      startBuyer(answer(200, FAILURE_XML)),
      startBuyer(answer(200, SUCCESS_XML)),
    ]);
    const ids = ['north', 'south', 'east', 'west', 'centre'];
    const campaigns = {
      sources: [source('spread')],
      campaigns: [
        {
          id: 'spread',
          fields: FIELDS,
          destinations: ids.map((id, i) =>
            dest(id, buyers[i]!.url, { behavior: EVERY_OUTCOME_CONTINUES }),
          ),
        },
      ],
    };
    stack = await startTestStack(campaigns, {
      env: { REDIS_CLUSTER_NODES: cluster.seeds, LOG_LEVEL: 'warn' },
    });
    await waitFor(() => (stack!.ready() ? true : undefined), 'the stack to be ready', 10_000);

    const leadIds: string[] = [];
    for (let i = 0; i < LEADS; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          stack!.post('spread', { email: `c${i + j}@example.com`, phone: '(415) 555-0134' }),
        ),
      );
      for (const response of batch) {
        expect(response.status).toBe(202);
        leadIds.push(((await response.json()) as { lead: { id: string } }).lead.id);
      }
    }
    const leads: LeadJson[] = [];
    for (const id of leadIds) leads.push(await stack.settled(id, 30_000));

    // Same outcome as on a single Redis: every lead visits every destination once, the
    // erroring one twice (one retry), and is delivered.
    for (const lead of leads) {
      expect(lead.status).toBe('delivered');
      expect(lead.destinations.map((d) => [d.id, d.outcome, d.attempts])).toEqual([
        ['north', 'failure', 1],
        ['south', 'success', 2],
        ['east', 'success', 1],
        ['west', 'failure', 1],
        ['centre', 'success', 1],
      ]);
    }
    buyers.forEach((buyer, i) => {
      const perKey = new Map<string, number>();
      for (const request of buyer.requests) {
        const key = String(request.headers['idempotency-key']);
        perKey.set(key, (perKey.get(key) ?? 0) + 1);
      }
      expect(perKey.size).toBe(LEADS);
      expect(new Set(perKey.values())).toEqual(new Set([ids[i] === 'south' ? 2 : 1]));
    });

    // Where the keys landed: every key of one queue on one master, queues of different
    // destinations on different masters, lead records spread over all of them.
    client = createRedisCluster(
      parseClusterNodes(cluster.seeds),
      'redis://127.0.0.1',
      'command',
      'probe',
    );
    await new Promise((resolve) => client!.once('ready', resolve));
    const byNode = await keysByNode(client, stack.prefix);
    expect(byNode.size).toBe(3);
    const nodesOf = (fragment: string) =>
      [...byNode].filter(([, keys]) => keys.some((key) => key.includes(fragment))).map(([n]) => n);
    const queueNodes = ids.map((id) => nodesOf(`:{deliver.spread.${id}}:`));
    for (const nodes of queueNodes) expect(nodes).toHaveLength(1);
    expect(new Set(queueNodes.flat()).size).toBe(3);
    expect(nodesOf(':{route}:')).toHaveLength(1);
    for (const [, keys] of byNode) expect(keys.some((key) => key.includes(':lead:{'))).toBe(true);
  }, 60_000);
});
