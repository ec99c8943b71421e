import type { AddressInfo } from 'node:net';
import { buildApi } from '@leadrelay/api';
import {
  closeWithin,
  createRedis,
  waitForRedis,
  QueueSet,
  RedisLeadStore,
  type Catalog,
  type Logger,
  type Settings,
} from '@leadrelay/runtime';
import { startRouter } from '@leadrelay/router';
import { startDeliveryWorkers } from '@leadrelay/worker';

/** A Redis URL without its password, for logs. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

export type Role = 'api' | 'worker' | 'router';
export const ROLES: readonly Role[] = ['api', 'worker', 'router'];

export interface StackOptions {
  settings: Settings;
  catalog: Catalog;
  logger: Logger;
  roles: readonly Role[];
}

export interface Stack {
  /** Base URL of the API, when the api role runs. */
  apiUrl: string | null;
  ready(): boolean;
  /** Stops taking work, lets in-flight work finish within the shutdown timeout, closes all. */
  close(): Promise<void>;
}

/**
 * Starts the given roles in this process, sharing connections where it is safe: one fail-fast
 * connection for the api and lead store, one retrying connection for workers and router.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { settings, catalog, logger, roles } = options;
  const command = createRedis(settings.redisUrl, 'command', 'command');
  const blocking = createRedis(settings.redisUrl, 'blocking', 'blocking');
  // Give Redis a moment before the first request: the fail-fast connection refuses commands
  // until it is ready. If Redis stays away, start anyway and let /readyz say so.
  await waitForRedis(command, 5000).catch(() =>
    logger.warn(
      { redisUrl: redactUrl(settings.redisUrl) },
      'Redis not reachable yet; starting anyway',
    ),
  );
  const store = new RedisLeadStore(command, settings.redisPrefix, settings.leadRetentionMs);
  const workStore = new RedisLeadStore(blocking, settings.redisPrefix, settings.leadRetentionMs);
  const ingestQueues = new QueueSet(command, settings.redisPrefix);
  const workQueues = new QueueSet(blocking, settings.redisPrefix);
  const closers: { name: string; close: (timeoutMs: number) => Promise<unknown> }[] = [];
  const running: (() => boolean)[] = [];

  if (roles.includes('worker')) {
    const workers = startDeliveryWorkers({
      catalog,
      store: workStore,
      queues: workQueues,
      connection: blocking,
      prefix: settings.redisPrefix,
      logger: logger.child({ component: 'worker' }),
      destinations: settings.workerDestinations,
    });
    closers.push({ name: 'worker', close: (ms) => workers.close(ms) });
    running.push(() => workers.running());
  }
  if (roles.includes('router')) {
    const router = startRouter({
      catalog,
      store: workStore,
      queues: workQueues,
      connection: blocking,
      prefix: settings.redisPrefix,
      logger: logger.child({ component: 'router' }),
      concurrency: settings.routerConcurrency,
    });
    closers.push({ name: 'router', close: (ms) => router.close(ms) });
    running.push(() => router.running());
  }

  let draining = false;
  const ready = () => !draining && command.status === 'ready' && running.every((check) => check());
  let apiUrl: string | null = null;
  if (roles.includes('api')) {
    const app = buildApi({
      catalog,
      store,
      queues: ingestQueues,
      logger: logger.child({ component: 'api' }),
      maxRequestBytes: settings.maxRequestBytes,
      ready,
    });
    await app.listen({ port: settings.port, host: settings.host });
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    apiUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
    // The api stops first, so no new lead arrives while workers drain.
    closers.unshift({ name: 'api', close: () => app.close() });
    logger.info({ url: apiUrl }, 'api listening');
  }

  return {
    apiUrl,
    ready,
    async close() {
      draining = true;
      const deadline = Date.now() + settings.shutdownTimeoutMs;
      for (const closer of closers) {
        const finished = await closeWithin(
          () => closer.close(Math.max(0, deadline - Date.now())),
          Math.max(0, deadline - Date.now()),
        );
        if (!finished)
          logger.warn(
            { role: closer.name },
            'shutdown deadline passed; in-flight work will run again',
          );
      }
      await Promise.all([ingestQueues.close(), workQueues.close()]);
      command.disconnect();
      blocking.disconnect();
    },
  };
}
