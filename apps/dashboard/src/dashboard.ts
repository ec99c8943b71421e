import { createHash, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Queue } from 'bullmq';
import type { Catalog } from '@leadrelay/runtime';

/** Where Bull Board is mounted. */
export const DASHBOARD_PATH = '/admin/queues';

export interface DashboardOptions {
  catalog: Catalog;
  /** The queue behind a name (shared QueueSet). */
  queue: (name: string) => Queue;
  routeQueueName: string;
  /** Basic-auth credentials, or null when authentication is explicitly off. */
  credentials: { user: string; password: string } | null;
  readOnly: boolean;
}

/** Thrown when the dashboard would run without credentials and auth was not turned off. */
export class DashboardAuthError extends Error {
  readonly code = 'LR_DASHBOARD_AUTH';
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Basic-auth check in constant time; answers 401 with a challenge otherwise. */
function basicAuth(user: string, password: string) {
  const expected = digest(`${user}:${password}`);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const [scheme, encoded] = header.split(' ');
    const given =
      scheme?.toLowerCase() === 'basic' && encoded
        ? Buffer.from(encoded, 'base64').toString('utf8')
        : '';
    if (!timingSafeEqual(digest(given), expected)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Basic realm="leadrelay dashboard"')
        .send({ error: 'authentication required' });
    }
  };
}

/**
 * Mounts Bull Board at `/admin/queues` on `app`: every destination queue (shown as
 * `campaign → destination`) and the route queue. Job data are ids only, so the board shows no
 * lead fields. Behind basic auth unless `credentials` is null.
 */
export async function mountDashboard(
  app: FastifyInstance,
  options: DashboardOptions,
): Promise<void> {
  const adapters = options.catalog.destinations().map(
    (destination) =>
      new BullMQAdapter(options.queue(destination.queueName), {
        readOnlyMode: options.readOnly,
        displayName: `${destination.campaign.id} → ${destination.config.id}`,
        description: `deliveries to ${destination.config.id} (campaign ${destination.campaign.id}, destination #${destination.index + 1})`,
      }),
  );
  adapters.push(
    new BullMQAdapter(options.queue(options.routeQueueName), {
      readOnlyMode: options.readOnly,
      displayName: 'router',
      description: 'route steps: one per delivery attempt, deciding what happens next',
    }),
  );
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: adapters,
    serverAdapter,
    options: { uiConfig: { boardTitle: 'leadrelay' } },
  });

  const { credentials } = options;
  await app.register(async (scope) => {
    if (credentials) scope.addHook('onRequest', basicAuth(credentials.user, credentials.password));
    await scope.register(serverAdapter.registerPlugin(), { prefix: DASHBOARD_PATH });
  });
}

/**
 * Resolves the dashboard's credentials from settings: both set → basic auth; `DASHBOARD_AUTH=off`
 * → none; anything else is refused, so a board never runs open by accident.
 */
export function dashboardCredentials(settings: {
  dashboardUser: string;
  dashboardPassword: string;
  dashboardAuth: 'on' | 'off';
}): { user: string; password: string } | null {
  if (settings.dashboardAuth === 'off') return null;
  if (!settings.dashboardUser || !settings.dashboardPassword) {
    throw new DashboardAuthError(
      'the dashboard needs DASHBOARD_USER and DASHBOARD_PASSWORD (or DASHBOARD_AUTH=off to run it without authentication)',
    );
  }
  return { user: settings.dashboardUser, password: settings.dashboardPassword };
}
