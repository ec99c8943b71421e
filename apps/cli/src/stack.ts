import type { AddressInfo } from 'node:net';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { buildApi } from '@leadrelay/api';
import {
  closeWithin,
  connectRedis,
  createMetrics,
  QueueSet,
  RedisLeadStore,
  registerQueueGauges,
  ROUTE_QUEUE_NAME,
  waitForRedis,
  type Catalog,
  type Logger,
  type Metrics,
  type Settings,
} from '@leadrelay/runtime';
import { startRouter } from '@leadrelay/router';
import { startDeliveryWorkers } from '@leadrelay/worker';
import { registerOpsRoutes } from './http/ops-routes.js';
import { preflight } from './preflight.js';

export type Role = 'api' | 'worker' | 'router' | 'dashboard';
export const ROLES: readonly Role[] = ['api', 'worker', 'router', 'dashboard'];

export interface StackOptions {
  settings: Settings;
  catalog: Catalog;
  logger: Logger;
  roles: readonly Role[];
}

export interface Stack {
  /** Base URL of the process's HTTP server: the api port, or OPS_PORT without the api role. */
  httpUrl: string;
  /** Same as httpUrl when the api role runs, else null. */
  apiUrl: string | null;
  metrics: Metrics;
  ready(): boolean;
  /** Stops taking work, lets in-flight work finish within the shutdown timeout, closes all. */
  close(): Promise<void>;
}

/** How often readiness checks that Redis still answers. */
const READY_PING_MS = 1000;

/** A Redis URL without its password, for logs. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

function baseUrl(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
}

/**
 * Starts the given roles in this process. One HTTP server per process: the api's (PORT) when
 * the api role runs, else a small ops server (OPS_PORT); it serves /healthz, /readyz, /metrics
 * and, with the dashboard role, Bull Board at /admin/queues. Connections are shared where safe:
 * one fail-fast connection for ingest and reads, one retrying connection for workers and router.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { settings, catalog, logger, roles } = options;
  preflight(settings, catalog, roles);
  // Loaded only when needed: Bull Board's static-file stack is heavy, and requires Node's
  // require(esm). An unprotected dashboard is refused before anything starts.
  const dashboard = roles.includes('dashboard') ? await import('@leadrelay/dashboard') : null;
  const credentials = dashboard ? dashboard.dashboardCredentials(settings) : null;
  // A single Redis from REDIS_URL, or a Redis Cluster when REDIS_CLUSTER_NODES is set.
  // The ingest connection is auto-pipelined: under load, the commands of many requests leave
  // in one write instead of one write each. The workers' is not: their commands rarely share a
  // turn of the event loop, and batching them cost more CPU than it saved (docs/benchmarks.md).
  const command = connectRedis(settings, 'command', 'command', { autoPipeline: true });
  const blocking = connectRedis(settings, 'blocking', 'blocking');
  // Give Redis a moment before the first request: the fail-fast connection refuses commands
  // until it is ready. If Redis stays away, start anyway and let /readyz say so.
  await waitForRedis(command, 5000).catch(() =>
    logger.warn(
      { redisUrl: redactUrl(settings.redisUrl) },
      'Redis not reachable yet; starting anyway',
    ),
  );
  const metrics = createMetrics();
  const store = new RedisLeadStore(command, settings.redisPrefix, settings.leadRetentionMs);
  const workStore = new RedisLeadStore(blocking, settings.redisPrefix, settings.leadRetentionMs);
  const ingestQueues = new QueueSet(command, settings.redisPrefix);
  const workQueues = new QueueSet(blocking, settings.redisPrefix);
  const closers: { name: string; close: (timeoutMs: number) => Promise<unknown> }[] = [];
  const running: (() => boolean)[] = [];

  // What workers and router are both started with.
  const jobRole = {
    catalog,
    store: workStore,
    queues: workQueues,
    connection: blocking,
    prefix: settings.redisPrefix,
    metrics,
    jobLockMs: settings.jobLockMs,
  };
  if (roles.includes('worker')) {
    const workers = startDeliveryWorkers({
      ...jobRole,
      logger: logger.child({ component: 'worker' }),
      destinations: settings.workerDestinations,
    });
    closers.push({ name: 'worker', close: (ms) => workers.close(ms) });
    running.push(() => workers.running());
  }
  if (roles.includes('router')) {
    const router = startRouter({
      ...jobRole,
      logger: logger.child({ component: 'router' }),
      concurrency: settings.routerConcurrency,
    });
    closers.push({ name: 'router', close: (ms) => router.close(ms) });
    running.push(() => router.running());
  }

  let draining = false;
  // A Redis that hangs keeps its socket open, so the connection status alone would still say
  // ready: a PING every READY_PING_MS (bounded by the command timeout) tells.
  let redisAnswers = true;
  const pinger = setInterval(() => {
    command.ping().then(
      () => (redisAnswers = true),
      () => (redisAnswers = false),
    );
  }, READY_PING_MS);
  pinger.unref();
  const ready = () =>
    !draining &&
    redisAnswers &&
    command.status === 'ready' &&
    blocking.status === 'ready' &&
    running.every((check) => check());

  const hasApi = roles.includes('api');
  const app = hasApi
    ? buildApi({
        catalog,
        store,
        queues: ingestQueues,
        logger: logger.child({ component: 'api' }),
        maxRequestBytes: settings.maxRequestBytes,
        metrics,
      })
    : Fastify({
        loggerInstance: logger.child({ component: 'ops' }) as FastifyBaseLogger,
        logController: new LogController({ disableRequestLogging: true }),
      });
  registerOpsRoutes(app, { ready, metrics });
  const everyQueue = () => [
    ...catalog.destinations().map((destination) => ingestQueues.get(destination.queueName)),
    ingestQueues.get(ROUTE_QUEUE_NAME),
  ];
  if (hasApi || roles.includes('dashboard')) registerQueueGauges(metrics, everyQueue, store);
  if (dashboard) {
    if (!credentials) {
      logger.warn('DASHBOARD_AUTH=off: Bull Board is served WITHOUT authentication');
    }
    await dashboard.mountDashboard(app, {
      catalog,
      queue: (name) => ingestQueues.get(name),
      routeQueueName: ROUTE_QUEUE_NAME,
      credentials,
      readOnly: settings.dashboardReadOnly,
    });
  }
  await app.listen({ port: hasApi ? settings.port : settings.opsPort, host: settings.host });
  const httpUrl = baseUrl(app);
  logger.info({ url: httpUrl, roles }, hasApi ? 'api listening' : 'ops server listening');
  if (hasApi) {
    // The api stops first, so no new lead arrives while workers drain.
    closers.unshift({ name: 'api', close: () => app.close() });
  } else {
    closers.push({ name: 'ops', close: () => app.close() });
  }

  return {
    httpUrl,
    apiUrl: hasApi ? httpUrl : null,
    metrics,
    ready,
    async close() {
      draining = true;
      clearInterval(pinger);
      const deadline = Date.now() + settings.shutdownTimeoutMs;
      for (const closer of closers) {
        const leftMs = Math.max(0, deadline - Date.now());
        const finished = await closeWithin(() => closer.close(leftMs), leftMs);
        if (!finished) {
          logger.warn(
            { role: closer.name },
            'shutdown deadline passed; in-flight work will run again',
          );
        }
      }
      await Promise.all([ingestQueues.close(), workQueues.close()]);
      command.disconnect();
      blocking.disconnect();
    },
  };
}
