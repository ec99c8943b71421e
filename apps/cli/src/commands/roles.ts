import { createLogger, loadCatalog, loadSettings } from '@leadrelay/runtime';
import { startStack, type Role } from '../stack.js';

/**
 * Runs roles until SIGTERM or SIGINT, then shuts down gracefully: the api stops accepting,
 * workers and router finish in-flight jobs within SHUTDOWN_TIMEOUT_MS, connections close.
 */
export async function runRoles(roles: Role[]): Promise<number> {
  const settings = loadSettings();
  const logger = createLogger({
    level: settings.logLevel,
    role: roles.length > 1 ? 'all' : (roles[0] as string),
  });
  const catalog = await loadCatalog(settings.campaignsFile);
  const stack = await startStack({ settings, catalog, logger, roles });
  logger.info({ roles, campaigns: catalog.file.campaigns.length }, 'leadrelay started');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      stack.close().then(
        () => {
          logger.info('stopped');
          resolve(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
