import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { EventEmitter } from 'node:events';

/** One request a test buyer received. */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type BuyerHandler = (request: ReceivedRequest, response: ServerResponse, n: number) => void;

/** A real HTTP buyer on loopback that records every request it receives. */
export interface TestBuyer {
  url: string;
  requests: ReceivedRequest[];
  /** Resolves when `count` requests have arrived, or rejects after `timeoutMs`. */
  received(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startBuyer(handler: BuyerHandler): Promise<TestBuyer> {
  const requests: ReceivedRequest[] = [];
  const events = new EventEmitter();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://buyer');
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      events.emit('request');
      handler(request, res, requests.length);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    received(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return;
          cleanup();
          resolve(requests.slice(0, count));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `buyer ${port} received ${requests.length} of ${count} requests in ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          events.off('request', check);
        };
        events.on('request', check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers with a fixed status, content type and body. */
export function answer(status: number, body: string, contentType = 'text/plain'): BuyerHandler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': contentType });
    response.end(body);
  };
}

/** Answers each request with the handler for its number (1-based); the last one repeats. */
export function sequence(...handlers: BuyerHandler[]): BuyerHandler {
  return (request, response, n) => {
    const handler = handlers[Math.min(n, handlers.length) - 1] as BuyerHandler;
    handler(request, response, n);
  };
}
