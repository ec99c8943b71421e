import { dashboardCredentials } from '@leadrelay/dashboard';
import { createLogger, loadCatalog, loadSettings, type Settings } from '@leadrelay/runtime';
import { startStack, type Role } from '../stack.js';

/** `leadrelay all`: every role; the dashboard joins when it can run protected (or auth is off). */
function allRoles(settings: Settings): { roles: Role[]; dashboardSkipped: boolean } {
  try {
    dashboardCredentials(settings);
    return { roles: ['api', 'worker', 'router', 'dashboard'], dashboardSkipped: false };
  } catch {
    return { roles: ['api', 'worker', 'router'], dashboardSkipped: true };
  }
}

/**
 * Runs roles until SIGTERM or SIGINT, then shuts down gracefully: readiness turns 503, the api
 * stops accepting, workers and router finish in-flight jobs within SHUTDOWN_TIMEOUT_MS,
 * connections close and the process exits (work cut off by the deadline runs again later,
 * with the same Idempotency-Key).
 */
export async function runRoles(requested: Role[] | 'all'): Promise<number> {
  const settings = loadSettings();
  const { roles, dashboardSkipped } =
    requested === 'all' ? allRoles(settings) : { roles: requested, dashboardSkipped: false };
  const logger = createLogger({
    level: settings.logLevel,
    role: requested === 'all' ? 'all' : roles.join('+'),
  });
  const catalog = await loadCatalog(settings.campaignsFile);
  const stack = await startStack({ settings, catalog, logger, roles });
  if (dashboardSkipped) {
    logger.warn(
      'Bull Board not mounted: set DASHBOARD_USER and DASHBOARD_PASSWORD (or DASHBOARD_AUTH=off)',
    );
  }
  logger.info(
    { roles, url: stack.httpUrl, campaigns: catalog.file.campaigns.length },
    'leadrelay started',
  );

  const code = await new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal, timeoutMs: settings.shutdownTimeoutMs }, 'shutting down');
      stack.close().then(
        () => resolve(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  logger.info({ code }, 'stopped');
  // A delivery cut off by the deadline may still hold a socket; it is safe to drop now.
  process.exit(code);
}
