import { Agent, request as httpRequest } from 'node:http';
import { Redis } from 'ioredis';
import { createLogger } from '@leadrelay/runtime';
import { createHttpClient, send as sendDelivery, type OutboundRequest } from '@leadrelay/worker';
import { redisCpuMs, type Started } from './started.js';

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
export async function startClient(config: { url: string; redisUrl: string }): Promise<Started> {
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
