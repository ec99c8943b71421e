import type { FastifyInstance } from 'fastify';
import type { Metrics } from '@leadrelay/runtime';

/**
 * Health, readiness and metrics, on whichever HTTP server a process has (the api port, or
 * OPS_PORT). `/healthz` only says the process is alive and never touches Redis, so a Redis blip
 * cannot make Kubernetes restart every pod at once; `/readyz` says whether to send work here.
 */
export function registerOpsRoutes(
  app: FastifyInstance,
  options: { ready: () => boolean; metrics: Metrics },
): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = options.ready();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready' });
  });
  app.get('/metrics', async (_request, reply) => {
    const { registry } = options.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
