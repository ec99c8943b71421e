import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { monotonicUs } from '../clock.js';
import { cpuMs, listenUrl, type Started } from './started.js';

/** Fastify's hello world: a JSON POST answered with a constant. */
export async function startHello(): Promise<Started> {
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
export async function startBuyer(config: { firstPath: string }): Promise<Started> {
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
