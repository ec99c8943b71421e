import { BenchChild } from '../child-handle.js';
import { resetRedis, type PrivateRedis } from '../private-redis.js';
import { startBuyer } from './end-to-end.js';

export interface ClientCost {
  requestsPerSec: number;
  /** CPU time of the sending process per request, µs. */
  cpuUsPerRequest: number;
}

export interface HttpClientResult {
  requests: number;
  leadrelay: ClientCost;
  nodeHttp: ClientCost;
  /** One info log line with its per-job child logger, through the product's logger. */
  logLineCpuUs: number;
  /** One small Redis command (HGET), client CPU and Redis CPU, µs; and with autopipelining. */
  redisCommand: { clientUs: number; redisUs: number };
  redisCommandAutopipelined: { clientUs: number; redisUs: number };
}

/** Requests in flight, like one destination's worker concurrency in the end-to-end campaign. */
const CONCURRENCY = 50;

/**
 * Unit costs behind the end-to-end figure, each as CPU time per operation (steady on a busy
 * machine): one delivery's HTTP exchange with leadrelay's `send` (got, as shipped) against
 * bare node:http on a keep-alive agent; one info log line; one Redis round trip, plain and
 * autopipelined. Diagnostics, not targets.
 */
export async function runHttpClient(
  redis: PrivateRedis,
  requests: number,
): Promise<HttpClientResult> {
  await resetRedis(redis.admin);
  const buyer = await startBuyer();
  const client = await BenchChild.start('client', {
    url: `${String(buyer.info.url)}/d0`,
    redisUrl: redis.url,
  });
  try {
    const run = (name: 'leadrelay' | 'node:http') =>
      client.call<ClientCost>('run', { client: name, requests, concurrency: CONCURRENCY }, 120_000);
    const leadrelay = await run('leadrelay');
    const nodeHttp = await run('node:http');
    const log = await client.call<{ cpuUsPerLine: number }>('logLine', { lines: requests });
    const command = (autopipeline: boolean) =>
      client
        .call<{ cpuUsPerCommand: number; redisCpuUsPerCommand: number }>(
          'redisCommand',
          { commands: requests * 2, autopipeline },
          120_000,
        )
        .then((r) => ({ clientUs: r.cpuUsPerCommand, redisUs: r.redisCpuUsPerCommand }));
    return {
      requests,
      leadrelay,
      nodeHttp,
      logLineCpuUs: log.cpuUsPerLine,
      redisCommand: await command(false),
      redisCommandAutopipelined: await command(true),
    };
  } finally {
    await client.stop();
    await buyer.stop();
  }
}
