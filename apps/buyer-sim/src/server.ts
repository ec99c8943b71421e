import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BUYERS, type SimMemory, type SimRequest } from './buyers.js';

/** Counts of what the simulated buyers received, for the demo's report. */
export interface BuyerSimStats {
  requests: Record<string, number>;
  /** Requests per (path, Idempotency-Key): more than one means the buyer saw a re-send. */
  byKey: Map<string, number>;
}

export interface BuyerSim {
  url: string;
  port: number;
  stats: BuyerSimStats;
  close(): Promise<void>;
}

/** Largest request body the simulator reads. */
const MAX_BODY_BYTES = 256 * 1024;

function flatten(value: unknown, path: string, out: Record<string, string>): void {
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      flatten(inner, path ? `${path}.${key}` : key, out);
    }
  } else if (path) {
    out[path] = String(value);
  }
}

function parseFields(contentType: string, raw: string): Record<string, string> {
  if (contentType.includes('json')) {
    const out: Record<string, string> = {};
    try {
      flatten(JSON.parse(raw), '', out);
    } catch {
      // a malformed body simply has no fields
    }
    return out;
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

/**
 * Starts the buyer simulator: realistic buyers on one loopback port — `/classic` (Classic XML),
 * `/json` (JSON), `/flaky` (errors a few times, then decides). `GET /stats` reports counts.
 */
export function startBuyerSim(options: { port?: number; host?: string } = {}): Promise<BuyerSim> {
  const memory: SimMemory = { attemptsByKey: new Map(), emailsSeen: new Set() };
  const stats: BuyerSimStats = { requests: {}, byKey: new Map() };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://buyer-sim');
    if (req.method === 'GET' && url.pathname === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ requests: stats.requests }));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    const buyer = BUYERS[url.pathname];
    if (!buyer) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such buyer');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const query = url.searchParams;
      const raw = Buffer.concat(chunks).toString('utf8');
      const fields = {
        ...Object.fromEntries(query),
        ...parseFields(req.headers['content-type'] ?? '', raw),
      };
      const request: SimRequest = { path: url.pathname, query, headers: req.headers, fields };
      stats.requests[url.pathname] = (stats.requests[url.pathname] ?? 0) + 1;
      const key = `${url.pathname} ${String(req.headers['idempotency-key'] ?? '')}`;
      stats.byKey.set(key, (stats.byKey.get(key) ?? 0) + 1);
      const answer = buyer(request, memory);
      res.writeHead(answer.status, { 'content-type': answer.contentType });
      res.end(answer.body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host ?? '127.0.0.1';
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        port,
        stats,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
