import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import { monotonicUs } from './clock.js';

export interface LoadResult {
  /** 2xx answers per second over the run. */
  okPerSec: number;
  ok: number;
  other: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
}

/** Connections autocannon keeps open for the ingest and hello-world figures (the 100). */
export const LOAD_CONNECTIONS = 100;

/**
 * One autocannon run of JSON POSTs: for `durationS` seconds, or until `amount` requests. The
 * same load generator, body and connection count for every server compared.
 */
export async function postLoad(options: {
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  durationS?: number;
  amount?: number;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: options.headers,
    body: options.body,
    connections: options.connections,
    ...(options.amount === undefined ? { duration: options.durationS ?? 10 } : {}),
    ...(options.amount === undefined ? {} : { amount: options.amount }),
    timeout: 30,
  });
  const ok = result['2xx'];
  return {
    okPerSec: ok / result.duration,
    ok,
    other: result.non2xx,
    errors: result.errors + result.timeouts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    seconds: result.duration,
  };
}

export interface Posted {
  leadId: string;
  /** When the ingest answer had fully arrived, on the monotonic clock (µs). */
  answeredUs: number;
}

function postOne(agent: Agent, url: URL, headers: Record<string, string>, body: string) {
  return new Promise<Posted | null>((resolve) => {
    const req = request(url, { method: 'POST', agent, headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const answeredUs = monotonicUs();
        if (res.statusCode !== 202) return resolve(null);
        const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          lead?: { id?: string };
        };
        resolve(answer.lead?.id ? { leadId: answer.lead.id, answeredUs } : null);
      });
      res.on('error', () => resolve(null));
    });
    req.on('error', () => resolve(null));
    req.on('timeout', () => req.destroy());
    req.end(body);
  });
}

/**
 * Open-loop load: `ratePerSec` POSTs a second for `durationS` seconds on a fixed schedule,
 * whatever the answers take (so a slow answer never slows the offered rate). Returns the
 * accepted leads with their answer times, and how many were not accepted.
 */
export async function postAtRate(options: {
  url: string;
  headers: Record<string, string>;
  body: string;
  ratePerSec: number;
  durationS: number;
}): Promise<{ posted: Posted[]; failed: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const url = new URL(options.url);
  const headers = { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) };
  const total = Math.max(1, Math.round(options.ratePerSec * options.durationS));
  const intervalMs = 1000 / options.ratePerSec;
  const inFlight: Promise<Posted | null>[] = [];
  const startedAt = performance.now();
  for (let i = 0; i < total; i++) {
    const dueAt = startedAt + i * intervalMs;
    const waitMs = dueAt - performance.now();
    if (waitMs > 1) await new Promise((resolve) => setTimeout(resolve, waitMs));
    inFlight.push(postOne(agent, url, headers, options.body));
  }
  const answers = await Promise.all(inFlight);
  agent.destroy();
  const posted = answers.filter((answer): answer is Posted => answer !== null);
  return { posted, failed: answers.length - posted.length };
}
