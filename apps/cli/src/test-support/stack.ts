import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { validateCampaignsFile } from '@leadrelay/core';
import {
  Catalog,
  createLogger,
  createRedis,
  deleteKeys,
  loadSettings,
  type Settings,
} from '@leadrelay/runtime';
import { startStack, type Role, type Stack } from '../stack.js';
import { waitFor } from './wait.js';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const SOURCE_KEY = 'test-source-key-0123456789';

/** A source posting to `campaignId`, with the test key. */
export function source(...campaigns: string[]) {
  return { id: 'test-source', apiKey: SOURCE_KEY, campaigns };
}

export interface TestStack extends Stack {
  settings: Settings;
  catalog: Catalog;
  prefix: string;
  /** Every log line written, as text. */
  logs: string[];
  post(
    campaignId: string,
    fields: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<Response>;
  lead(leadId: string): Promise<LeadJson>;
  /** Waits until the lead is no longer pending and returns it. */
  settled(leadId: string, timeoutMs?: number): Promise<LeadJson>;
  /** Removes every key of this test's prefix. */
  cleanup(): Promise<void>;
}

export interface LeadJson {
  id: string;
  status: string;
  reasons?: string[];
  destinations: {
    id: string | null;
    outcome: string | null;
    reason: string | null;
    attempts: number;
    status: string;
  }[];
  attempts: {
    destinationId: string;
    attempt: number;
    outcome: string;
    reason: string | null;
    httpStatus: number | null;
  }[];
}

/**
 * Starts roles in-process against the real Redis, under a unique key prefix so tests never see
 * each other's queues or leads.
 */
export async function startTestStack(
  campaignsFile: unknown,
  options: { roles?: Role[]; env?: Record<string, string> } = {},
): Promise<TestStack> {
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const env = {
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    SHUTDOWN_TIMEOUT_MS: '5000',
    ...options.env,
  };
  const settings = loadSettings(env);
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', role: 'test', destination });
  const catalog = new Catalog(validateCampaignsFile(campaignsFile, env));
  const stack = await startStack({
    settings,
    catalog,
    logger,
    roles: options.roles ?? ['api', 'worker', 'router'],
  });

  const lead = async (leadId: string) => {
    const response = await fetch(`${stack.apiUrl}/v1/leads/${leadId}`, {
      headers: { 'x-api-key': SOURCE_KEY },
    });
    if (!response.ok) throw new Error(`GET lead ${leadId}: ${response.status}`);
    return (await response.json()) as LeadJson;
  };
  return {
    ...stack,
    settings,
    catalog,
    prefix,
    logs,
    post: (campaignId, fields, headers = {}) =>
      fetch(`${stack.apiUrl}/v1/campaigns/${campaignId}/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': SOURCE_KEY, ...headers },
        body: JSON.stringify(fields),
      }),
    lead,
    settled: (leadId, timeoutMs = 15_000) =>
      waitFor(
        async () => {
          const view = await lead(leadId);
          return view.status === 'pending' ? undefined : view;
        },
        `lead ${leadId} to settle`,
        timeoutMs,
      ),
    cleanup: async () => {
      const redis = createRedis(settings.redisUrl, 'blocking', 'test-cleanup');
      await deleteKeys(redis, prefix);
      redis.disconnect();
    },
  };
}

/** A destination entry for a test campaign file (raw, as a user would write it). */
export function dest(id: string, url: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    url,
    format: 'form',
    body: { email: '#{email}', phone: '#{phone}' },
    timeoutMs: 1000,
    parser: {
      kind: 'classic',
      validPattern: '<result>(.*)</result>',
      successPattern: '^success$',
      reasonPattern: '<reason>([^<]*)</reason>',
    },
    retry: { backoff: 'fixed', delayMs: 50, maxAttempts: 3, maxAgeMs: 60000, jitter: 0 },
    ...extra,
  };
}

export const SUCCESS_XML = '<response><result>success</result></response>';
export const FAILURE_XML =
  '<response><result>failure</result><reason>Not buying</reason></response>';

/** A lead every test campaign accepts. */
export const LEAD = { email: 'Pat.Doe@Example.com', phone: '(415) 555-0134', state: 'California' };
export const FIELDS = [
  { name: 'email', type: 'email', required: true },
  { name: 'phone', type: 'phone', required: true },
  { name: 'state', type: 'state' },
];
