import { ConfigError, type ConfigIssue } from '@leadrelay/core';
import type { Catalog, Settings } from '@leadrelay/runtime';
import type { Role } from './stack.js';

/**
 * Checks that need both the service settings and the campaigns, before anything connects:
 * - the worker's WORKER_DESTINATIONS names only configured destinations;
 * - LEAD_RETENTION_MS outlives every retry horizon, or a lead waiting for a retry would
 *   expire from the store and be lost.
 * Throws a ConfigError listing every problem.
 */
export function preflight(settings: Settings, catalog: Catalog, roles: readonly Role[]): void {
  const issues: ConfigIssue[] = [];
  if (roles.includes('worker')) {
    try {
      catalog.select(settings.workerDestinations);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      issues.push(...error.issues);
    }
  }
  catalog.file.campaigns.forEach((campaign, c) => {
    campaign.destinations.forEach((destination, d) => {
      const retries = Object.values(destination.behavior).some((b) => b.endsWith('_retry_later'));
      if (retries && destination.retry.maxAgeMs >= settings.leadRetentionMs) {
        issues.push({
          path: `campaigns[${c}].destinations[${d}].retry.maxAgeMs`,
          message: `${destination.retry.maxAgeMs} ms reaches past LEAD_RETENTION_MS (${settings.leadRetentionMs} ms): raise LEAD_RETENTION_MS or shorten the retry horizon`,
        });
      }
    });
  });
  if (issues.length > 0) throw new ConfigError(issues);
}
