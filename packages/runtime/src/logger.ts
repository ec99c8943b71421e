import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino censors wherever they appear: lead fields, credentials and buyer bodies must
 * never reach a log line, even by mistake in a future call site.
 */
export const REDACTED_PATHS = [
  'fields',
  '*.fields',
  'lead.fields',
  'body',
  '*.body',
  'apiKey',
  '*.apiKey',
  'headers.authorization',
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'password',
  '*.password',
];

export interface LoggerOptions {
  level: string;
  role: string;
  /** Where lines go; default stdout. Tests pass a capture stream. */
  destination?: NodeJS.WritableStream;
}

/** One JSON logger per process, bound to its role; pretty when stdout is a terminal. */
export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    base: { role: options.role },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (options.destination) return pino(base, options.destination);
  if (process.stdout.isTTY) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  // Written asynchronously: a line costs no system call of its own under load, and pino
  // flushes what is buffered when the process exits.
  return pino(base, pino.destination({ dest: 1, sync: false }));
}
