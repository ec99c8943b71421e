import convict from 'convict';
import { parseClusterNodes } from './redis.js';

/** A convict format: an integer of at least `min`. */
function integerAtLeast(min: number) {
  return (value: unknown) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      throw new Error(`must be an integer of at least ${min}`);
    }
  };
}

/**
 * Service settings: environment variables, optionally layered over a JSON file named by
 * `CONFIG_FILE`. Validated once at start; the result is typed and frozen. Campaigns,
 * sources and destinations are not here: they come from `CAMPAIGNS_FILE`.
 */
const schema = {
  redisUrl: {
    doc: 'Redis connection URL (redis:// or rediss://).',
    format: (value: unknown) => {
      if (
        typeof value !== 'string' ||
        !/^rediss?:\/\/[^\s]+$/.test(value) ||
        !URL.canParse(value)
      ) {
        throw new Error('must be a redis:// or rediss:// URL');
      }
    },
    default: 'redis://127.0.0.1:6379',
    // Sensitive: the URL may carry a password; errors then name the variable, not the value.
    sensitive: true,
    env: 'REDIS_URL',
  },
  redisClusterNodes: {
    doc: 'Redis Cluster seed nodes, "host:port" comma-separated; empty for a single Redis. When set, REDIS_URL gives only the user, password and TLS (rediss://).',
    format: (value: unknown) => {
      if (typeof value !== 'string') throw new Error('must be a comma list of host:port');
      parseClusterNodes(value);
    },
    default: '',
    env: 'REDIS_CLUSTER_NODES',
  },
  redisPrefix: {
    doc: 'Prefix of every Redis key leadrelay writes (queues and lead store).',
    format: (value: unknown) => {
      if (typeof value !== 'string' || !/^[A-Za-z0-9_.-]{1,32}$/.test(value)) {
        throw new Error('must be 1-32 characters of letters, digits, ".", "_" or "-"');
      }
    },
    default: 'lr',
    env: 'REDIS_PREFIX',
  },
  host: {
    doc: 'Address the HTTP server binds to.',
    format: String,
    default: '0.0.0.0',
    env: 'HOST',
  },
  port: {
    doc: 'API port.',
    format: 'port',
    default: 3000,
    env: 'PORT',
  },
  logLevel: {
    doc: 'pino log level.',
    format: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    default: 'info',
    env: 'LOG_LEVEL',
  },
  campaignsFile: {
    doc: 'Path of the campaigns file (YAML or JSON). Required by every role.',
    format: String,
    default: '',
    env: 'CAMPAIGNS_FILE',
  },
  workerDestinations: {
    doc: 'Destinations a worker serves: "*" or a comma list of destination ids or campaign.destination.',
    format: String,
    default: '*',
    env: 'WORKER_DESTINATIONS',
  },
  routerConcurrency: {
    doc: 'Route jobs one router process handles at once.',
    format: integerAtLeast(1),
    default: 50,
    env: 'ROUTER_CONCURRENCY',
  },
  leadRetentionMs: {
    doc: 'How long a lead record is kept after its last change, in ms. Must exceed the longest retry horizon.',
    format: 'nat',
    default: 14 * 24 * 3600 * 1000,
    env: 'LEAD_RETENTION_MS',
  },
  maxRequestBytes: {
    doc: 'Largest ingest request body accepted, in bytes (larger → 413).',
    format: integerAtLeast(1024),
    default: 64 * 1024,
    env: 'MAX_REQUEST_BYTES',
  },
  jobLockMs: {
    doc: 'BullMQ job lock, ms: a live worker renews it every half period; a crashed one loses its jobs to another worker after about this long (also the stalled-job check interval).',
    format: integerAtLeast(500),
    default: 30_000,
    env: 'JOB_LOCK_MS',
  },
  opsPort: {
    doc: 'Port of the ops HTTP server (/healthz, /readyz, /metrics, and /admin/queues for the dashboard role) in processes without the api role.',
    format: 'port',
    default: 9464,
    env: 'OPS_PORT',
  },
  dashboardUser: {
    doc: 'Bull Board basic-auth user.',
    format: String,
    default: '',
    env: 'DASHBOARD_USER',
  },
  dashboardPassword: {
    doc: 'Bull Board basic-auth password.',
    format: String,
    default: '',
    sensitive: true,
    env: 'DASHBOARD_PASSWORD',
  },
  dashboardAuth: {
    doc: 'Set to "off" to run Bull Board without authentication (loudly warned).',
    format: ['on', 'off'],
    default: 'on',
    env: 'DASHBOARD_AUTH',
  },
  dashboardReadOnly: {
    doc: 'Bull Board in read-only mode: no retries, removals or promotions from the UI.',
    format: Boolean,
    default: false,
    env: 'DASHBOARD_READ_ONLY',
  },
  shutdownTimeoutMs: {
    doc: 'How long a stopping process waits for in-flight work, in ms.',
    format: 'nat',
    default: 25_000,
    env: 'SHUTDOWN_TIMEOUT_MS',
  },
};

export type Settings = Readonly<{
  redisUrl: string;
  redisClusterNodes: string;
  redisPrefix: string;
  host: string;
  port: number;
  logLevel: string;
  campaignsFile: string;
  workerDestinations: string;
  routerConcurrency: number;
  leadRetentionMs: number;
  maxRequestBytes: number;
  jobLockMs: number;
  opsPort: number;
  dashboardUser: string;
  dashboardPassword: string;
  dashboardAuth: 'on' | 'off';
  dashboardReadOnly: boolean;
  shutdownTimeoutMs: number;
}>;

/** Thrown when service settings are invalid; each line names the env var and what is wrong. */
export class SettingsError extends Error {
  readonly code = 'LR_SETTINGS_INVALID';

  constructor(readonly problems: readonly string[]) {
    super(`invalid settings:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

type SchemaEntry = { env: string; sensitive?: boolean };

/** Rewrites convict's `key: message` lines to name the env var and the value given. */
function describeProblems(message: string, env: NodeJS.ProcessEnv): string[] {
  const entries = schema as unknown as Record<string, SchemaEntry>;
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const match = /^([A-Za-z]+): (.*)$/.exec(line);
      const entry = match ? entries[match[1] as string] : undefined;
      if (!match || !entry) return line;
      const given = env[entry.env];
      const shown = given === undefined || entry.sensitive ? '' : ` (got ${JSON.stringify(given)})`;
      return `${entry.env}: ${(match[2] as string).replace(/: value was .*$/, '')}${shown}`;
    });
}

/** Loads and validates settings from `env` (and `CONFIG_FILE`, when set). */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const config = convict(schema, { env, args: [] });
  if (env.CONFIG_FILE) {
    try {
      config.loadFile(env.CONFIG_FILE);
    } catch (error) {
      throw new SettingsError([
        `CONFIG_FILE: cannot load ${env.CONFIG_FILE}: ${(error as Error).message}`,
      ]);
    }
  }
  try {
    config.validate({ allowed: 'strict' });
  } catch (error) {
    throw new SettingsError(describeProblems((error as Error).message, env));
  }
  return Object.freeze(config.getProperties()) as Settings;
}
