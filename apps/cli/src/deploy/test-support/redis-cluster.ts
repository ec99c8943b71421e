import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, redisAnswers } from '../../local-redis.js';
import { waitFor } from '../../test-support/wait.js';

/** A private Redis Cluster of masters only, on loopback, kept in temporary folders. */
export interface LocalRedisCluster {
  /** `host:port` of every master, comma-separated: the REDIS_CLUSTER_NODES value. */
  seeds: string;
  ports: number[];
  stop(): Promise<void>;
}

interface ClusterNodeProcess {
  port: number;
  dir: string;
  child: ChildProcess;
}

function stopNode(node: ClusterNodeProcess): Promise<void> {
  return new Promise((resolve) => {
    if (node.child.exitCode !== null || node.child.signalCode !== null) return resolve();
    node.child.once('exit', () => resolve());
    node.child.kill('SIGTERM');
  });
}

/**
 * Starts `masters` redis-server processes in cluster mode (no persistence, each in its own
 * temporary folder, bus ports chosen free as well), joins them with `redis-cli --cluster
 * create` and waits until every node reports `cluster_state:ok`. Everything started is
 * stopped again if a step fails.
 */
export async function startRedisCluster(masters = 3): Promise<LocalRedisCluster> {
  if (spawnSync('redis-server', ['--version']).error || spawnSync('redis-cli', ['-v']).error) {
    throw new Error('the Redis Cluster test needs redis-server and redis-cli on PATH (Redis 7)');
  }
  const nodes: ClusterNodeProcess[] = [];
  const stop = async () => {
    await Promise.all(nodes.map(stopNode));
    await Promise.all(nodes.map((node) => rm(node.dir, { recursive: true, force: true })));
  };
  try {
    const taken = new Set<number>();
    const pickPort = async () => {
      for (let tries = 0; tries < 20; tries += 1) {
        const port = await freePort();
        if (!taken.has(port)) return taken.add(port) && port;
      }
      throw new Error('no distinct free port found in 20 tries');
    };
    for (let i = 0; i < masters; i += 1) {
      // Each node needs two ports: clients, and the cluster bus (port + 10000 by default,
      // which may be taken or past 65535, so it is chosen free too).
      const [port, busPort] = [await pickPort(), await pickPort()];
      const dir = await mkdtemp(join(tmpdir(), `leadrelay-cluster-${port}-`));
      const child = spawn(
        'redis-server',
        [
          ...['--port', String(port), '--cluster-port', String(busPort)],
          ...['--bind', '127.0.0.1', '--dir', dir],
          ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'],
          ...['--cluster-node-timeout', '5000', '--save', '', '--appendonly', 'no'],
        ],
        { stdio: 'ignore' },
      );
      nodes.push({ port, dir, child });
    }
    for (const node of nodes) {
      await waitFor(
        async () =>
          (await redisAnswers(`redis://127.0.0.1:${node.port}`, 300)) ? true : undefined,
        `cluster node on port ${node.port} to answer PING`,
        10_000,
        50,
      );
    }

    const create = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...nodes.map((node) => `127.0.0.1:${node.port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    if (create.status !== 0) {
      throw new Error(`redis-cli --cluster create failed:\n${create.stdout}\n${create.stderr}`);
    }
    for (const node of nodes) {
      const redis = new Redis(node.port, '127.0.0.1', {
        lazyConnect: true,
        retryStrategy: () => null,
      });
      redis.on('error', () => undefined);
      try {
        await redis.connect();
        await waitFor(
          async () =>
            /cluster_state:ok/.test(String(await redis.call('CLUSTER', 'INFO'))) ? true : undefined,
          `cluster node ${node.port} to report cluster_state:ok`,
          15_000,
          50,
        );
      } finally {
        redis.disconnect();
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    seeds: nodes.map((node) => `127.0.0.1:${node.port}`).join(','),
    ports: nodes.map((node) => node.port),
    stop,
  };
}
