/**
 * Entry of every benchmark child process: `node child.js <role>`, configured by the JSON in
 * BENCH_CHILD_CONFIG, driven over IPC by `BenchChild`. A child whose parent goes away exits.
 */
import { writeFile } from 'node:fs/promises';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { Queue, Worker } from 'bullmq';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { startStack, type Role } from '@leadrelay/cli';
import { validateCampaignsFile } from '@leadrelay/core';
import { Catalog, createLogger, loadSettings } from '@leadrelay/runtime';
import { createHttpClient, send as sendDelivery, type OutboundRequest } from '@leadrelay/worker';
import type { CallMessage, ChildMessage, ChildRole } from './child-handle.js';
import { monotonicUs } from './clock.js';

type Handler = (args: never) => Promise<unknown>;

interface Started {
  info: Record<string, unknown>;
  handlers: Record<string, Handler>;
  close(): Promise<void>;
}

function cpuMs() {
  const usage = process.cpuUsage();
  return { userMs: usage.user / 1000, systemMs: usage.system / 1000 };
}

function listenUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/** Fastify's hello world: a JSON POST answered with a constant. */
async function startHello(): Promise<Started> {
  const app = Fastify({ logger: false });
  app.post('/hello', async () => ({ hello: 'world' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    info: { url: listenUrl(port) },
    handlers: { cpu: async () => cpuMs() },
    close: () => app.close(),
  };
}

/**
 * A buyer that answers success at once on every path. While recording, it notes when each
 * lead first reached `firstPath`, keyed by the lead id in the Idempotency-Key
 * (`<leadId>-<destinationId>`).
 */
async function startBuyer(config: { firstPath: string }): Promise<Started> {
  const firstDestination = config.firstPath.replace(/^\//, '');
  const requests = new Map<string, number>();
  const arrivals = new Map<string, number>();
  let recording = false;
  const body = '<response><result>success</result></response>';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const receivedUs = monotonicUs();
    const path = req.url ?? '/';
    requests.set(path, (requests.get(path) ?? 0) + 1);
    if (recording && path === config.firstPath) {
      const key = String(req.headers['idempotency-key'] ?? '');
      const leadId = key.slice(0, key.length - firstDestination.length - 1);
      if (!arrivals.has(leadId)) arrivals.set(leadId, receivedUs);
    }
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    info: { url: listenUrl(port) },
    handlers: {
      record: async (args: { on: boolean }) => {
        recording = args.on;
        if (args.on) arrivals.clear();
      },
      requests: async () => Object.fromEntries(requests),
      arrivals: async () => [...arrivals],
      cpu: async () => cpuMs(),
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Redis CPU time so far (user + system), ms, from INFO cpu. */
async function redisCpuMs(redis: Redis): Promise<number> {
  const text = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(text)?.[1] ?? 0);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
}

interface BaselineArgs {
  durationMs: number;
  warmupMs: number;
  concurrency: number;
  producers: number;
  maxBacklog: number;
}

/**
 * Bare BullMQ in one process, as the stack runs: producers add no-op jobs one `add` at a time
 * (the way ingest and the router add theirs) while one worker processes them. The backlog is
 * bounded so the figure is the combined add + process rate, not a queue filling up.
 */
async function startBullmq(config: { redisUrl: string; prefix: string }): Promise<Started> {
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  const name = 'baseline';
  const retention = { age: 3600, count: 5000 };
  const queue = new Queue(name, {
    connection,
    prefix: config.prefix,
    streams: { events: { maxLen: 1000 } },
  });
  await queue.waitUntilReady();
  return {
    info: {},
    handlers: {
      run: async (args: BaselineArgs) => {
        let processed = 0;
        let added = 0;
        let stopped = false;
        const worker = new Worker(name, async () => void processed++, {
          connection,
          prefix: config.prefix,
          concurrency: args.concurrency,
          removeOnComplete: retention,
          removeOnFail: retention,
        });
        worker.on('error', () => undefined);
        const produce = async () => {
          while (!stopped) {
            if (added - processed > args.maxBacklog) {
              await new Promise((resolve) => setTimeout(resolve, 1));
              continue;
            }
            added++;
            await queue.add('noop', { n: added }, { removeOnComplete: retention });
          }
        };
        const producers = Array.from({ length: args.producers }, produce);
        await new Promise((resolve) => setTimeout(resolve, args.warmupMs));
        const startProcessed = processed;
        const startCpu = process.cpuUsage();
        const startRedisMs = await redisCpuMs(connection);
        const startedAt = performance.now();
        await new Promise((resolve) => setTimeout(resolve, args.durationMs));
        const seconds = (performance.now() - startedAt) / 1000;
        const jobs = processed - startProcessed;
        const cpu = process.cpuUsage(startCpu);
        const redisMs = (await redisCpuMs(connection)) - startRedisMs;
        stopped = true;
        await Promise.all(producers);
        await worker.close(true);
        return {
          jobs,
          seconds,
          jobsPerSec: jobs / seconds,
          cpuMs: (cpu.user + cpu.system) / 1000,
          redisCpuMs: redisMs,
        };
      },
    },
    close: async () => {
      await queue.close();
      connection.disconnect();
    },
  };
}

interface ClientArgs {
  client: 'leadrelay' | 'node:http';
  requests: number;
  concurrency: number;
}

/** One POST with node:http on a keep-alive agent: the least a delivery's HTTP can cost. */
function nodePost(agent: Agent, url: URL, request: OutboundRequest): Promise<number> {
  return new Promise((resolve) => {
    const body = request.body ?? '';
    const req = httpRequest(
      url,
      {
        method: request.method,
        agent,
        headers: {
          ...request.headers,
          'content-type': request.contentType ?? 'application/octet-stream',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).length));
      },
    );
    req.on('error', () => resolve(-1));
    req.end(body);
  });
}

/**
 * The delivery HTTP client alone: leadrelay's own `send` (got) against bare node:http, same
 * request, same buyer, CPU time per request of this process.
 */
async function startClient(config: { url: string; redisUrl: string }): Promise<Started> {
  const request: OutboundRequest = {
    method: 'POST',
    url: config.url,
    headers: {},
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams({
      first_name: 'Pat',
      last_name: 'Doe',
      email: 'pat.doe@example.com',
      phone: '4155550134',
      state: 'CA',
      postal_code: '94107',
      lead_ref: '6f1c2d7e-1111-4b7a-9d5e-0a1b2c3d4e5f',
    }).toString(),
  };
  const got = createHttpClient();
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const url = new URL(config.url);
  const sendOptions = { timeoutMs: 5000, maxResponseBytes: 1 << 20, idempotencyKey: 'k' };
  return {
    info: {},
    handlers: {
      run: async (args: ClientArgs) => {
        const one = () =>
          args.client === 'leadrelay'
            ? sendDelivery(got, request, sendOptions)
            : nodePost(agent, url, request);
        let next = 0;
        const lane = async () => {
          while (next < args.requests) {
            next++;
            await one();
          }
        };
        await Promise.all(Array.from({ length: args.concurrency }, lane));
        const startCpu = process.cpuUsage();
        const startedAt = performance.now();
        next = 0;
        await Promise.all(Array.from({ length: args.concurrency }, lane));
        const cpu = process.cpuUsage(startCpu);
        const seconds = (performance.now() - startedAt) / 1000;
        return {
          requestsPerSec: args.requests / seconds,
          cpuUsPerRequest: (cpu.user + cpu.system) / args.requests,
        };
      },
      // One info line as the worker writes it per delivery: a child logger bound to the job,
      // then the line, through the product's logger to this process's stdout (/dev/null).
      logLine: async (args: { lines: number }) => {
        const logger = createLogger({ level: 'info', role: 'bench' }).child({
          component: 'worker',
        });
        const line = (i: number) =>
          logger
            .child({ leadId: `lead-${i}`, destinationId: 'd0', attempt: 1, jobId: `lead-${i}-0-1` })
            .info({ outcome: 'success', httpStatus: 200, durationMs: 2 }, 'delivery attempted');
        for (let i = 0; i < args.lines; i++) line(i);
        const startCpu = process.cpuUsage();
        for (let i = 0; i < args.lines; i++) line(i);
        const cpu = process.cpuUsage(startCpu);
        return { cpuUsPerLine: (cpu.user + cpu.system) / args.lines };
      },
      // One small command (HGET) as the lead store sends it, 50 in flight on one connection.
      redisCommand: async (args: { commands: number; autopipeline: boolean }) => {
        const redis = new Redis(config.redisUrl, {
          maxRetriesPerRequest: null,
          enableAutoPipelining: args.autopipeline,
        });
        await redis.hset('bench:unit', 'meta', '{"id":"x","campaignId":"bench"}');
        const runAll = async () => {
          let next = 0;
          const lane = async () => {
            while (next < args.commands) {
              next++;
              await redis.hget('bench:unit', 'meta');
            }
          };
          await Promise.all(Array.from({ length: 50 }, lane));
        };
        await runAll();
        const startCpu = process.cpuUsage();
        const startRedis = await redisCpuMs(redis);
        await runAll();
        const redisMs = (await redisCpuMs(redis)) - startRedis;
        const cpu = process.cpuUsage(startCpu);
        redis.disconnect();
        return {
          cpuUsPerCommand: (cpu.user + cpu.system) / args.commands,
          redisCpuUsPerCommand: (redisMs * 1000) / args.commands,
        };
      },
    },
    close: async () => agent.destroy(),
  };
}

interface StackConfig {
  env: Record<string, string>;
  campaigns: unknown;
  roles: Role[];
  autopipeline?: boolean;
}

async function sum(counter: { get(): Promise<{ values: { value: number }[] }> }) {
  return (await counter.get()).values.reduce((total, entry) => total + entry.value, 0);
}

/** leadrelay itself: the given roles in one process, as `npm start` runs them. */
async function startLeadrelay(config: StackConfig): Promise<Started> {
  // An experiment, never a product setting: every ioredis connection made from here on (the
  // stack's and BullMQ's copies of them) batches the commands of one tick into one write.
  if (config.autopipeline) {
    const defaults = (Redis as unknown as { defaultOptions: { enableAutoPipelining: boolean } })
      .defaultOptions;
    defaults.enableAutoPipelining = true;
  }
  const settings = loadSettings(config.env);
  const logger = createLogger({ level: settings.logLevel, role: 'bench' });
  const catalog = new Catalog(validateCampaignsFile(config.campaigns, config.env));
  const stack = await startStack({ settings, catalog, logger, roles: config.roles });
  const { metrics } = stack;
  // The V8 sampling profiler (what --cpu-prof runs), started and stopped around the measured
  // window only, so start-up, warm-up and shutdown stay out of the profile.
  const session = new Session();
  session.connect();
  let loopDelay: IntervalHistogram | null = null;
  return {
    info: { apiUrl: stack.apiUrl },
    handlers: {
      // Event-loop delay of the stack's one thread: what a job or a request waits for its turn.
      loopDelayStart: async () => {
        loopDelay = monitorEventLoopDelay({ resolution: 1 });
        loopDelay.enable();
      },
      loopDelayStop: async () => {
        if (!loopDelay) return null;
        loopDelay.disable();
        const ms = (ns: number) => ns / 1e6;
        const result = {
          p50Ms: ms(loopDelay.percentile(50)),
          p99Ms: ms(loopDelay.percentile(99)),
          maxMs: ms(loopDelay.max),
        };
        loopDelay = null;
        return result;
      },
      profileStart: async () => {
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      },
      profileStop: async (args: { file: string }) => {
        const { profile } = await session.post('Profiler.stop');
        await writeFile(args.file, JSON.stringify(profile));
      },
      counts: async () => ({
        settled: await sum(metrics.leadsSettled),
        deliveries: await sum(metrics.deliveries),
        received: await sum(metrics.leadsReceived),
        cpu: cpuMs(),
      }),
    },
    close: async () => {
      session.disconnect();
      await stack.close();
    },
  };
}

async function start(role: ChildRole, config: never): Promise<Started> {
  switch (role) {
    case 'hello':
      return startHello();
    case 'buyer':
      return startBuyer(config);
    case 'bullmq':
      return startBullmq(config);
    case 'stack':
      return startLeadrelay(config);
    case 'client':
      return startClient(config);
    default: {
      const unknown: never = role;
      throw new Error(`unknown child role ${String(unknown)}`);
    }
  }
}

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => process.send?.(message, undefined, {}, () => resolve()));
}

async function main(): Promise<void> {
  const role = process.argv[2] as ChildRole;
  const config = JSON.parse(process.env.BENCH_CHILD_CONFIG ?? '{}') as never;
  process.once('disconnect', () => process.exit(1));
  const started = await start(role, config);

  process.on('message', (message: CallMessage) => {
    const reply = async () => {
      if (message.command === 'stop') {
        await started.close();
        await send({ type: 'reply', id: message.id, ok: true, value: null });
        process.exit(0);
      }
      const handler = started.handlers[message.command];
      if (!handler) throw new Error(`unknown command ${message.command}`);
      return handler(message.args as never);
    };
    reply().then(
      (value) => send({ type: 'reply', id: message.id, ok: true, value }),
      (error: unknown) => send({ type: 'reply', id: message.id, ok: false, error: String(error) }),
    );
  });
  await send({ type: 'ready', info: started.info });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench child failed: ${String(error)}\n`);
  process.exit(1);
});
