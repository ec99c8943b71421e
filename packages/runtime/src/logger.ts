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
  return pino(base, bufferedStdout());
}

/** Most a line waits in the buffer before it is written, ms. */
export const LOG_FLUSH_MS = 100;

/**
 * stdout, buffered: lines are written together once 4 KiB have gathered or every
 * LOG_FLUSH_MS, synchronously, and whatever is left is written when the process exits. Under
 * load that is one system call per ~15 lines instead of one per line; an asynchronous
 * destination measured worse, as each small write made a round trip through the thread pool
 * (docs/benchmarks.md). What a SIGKILL can lose is the last LOG_FLUSH_MS of lines.
 */
function bufferedStdout() {
  const stdout = pino.destination({
    dest: 1,
    sync: true,
    minLength: 4096,
    periodicFlush: LOG_FLUSH_MS,
  });
  process.once('exit', () => stdout.flushSync());
  return stdout;
}
