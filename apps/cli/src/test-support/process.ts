import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built CLI (`npm test` runs `tsc -b` first). */
export const CLI = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** A `leadrelay` child process with its output captured. */
export interface CliProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when the combined output matches `pattern`; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /**
   * The base URL the process listens on, read from its "api listening" / "ops server listening"
   * log line (needs LOG_LEVEL info or lower). Start children with PORT=0 / OPS_PORT=0: a port
   * picked in the test and handed over can be taken by someone else in between.
   */
  listening(timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
  /** Sends SIGTERM (if still running) and waits for the exit. */
  stop(): Promise<number | string>;
}

export function spawnCli(args: string[], env: Record<string, string>): CliProcess {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(text)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`no ${pattern} in ${timeoutMs} ms; output so far:\n${text.slice(-2000)}`),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(() => {
          if (!pattern.test(text)) {
            cleanup();
            reject(new Error(`process exited before ${pattern}; output:\n${text.slice(-2000)}`));
          }
        });
        check();
      });
    },
    async listening(timeoutMs = 15_000) {
      const pattern = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"(?:api|ops server) listening"/;
      await this.waitFor(pattern, timeoutMs);
      return (pattern.exec(text) as RegExpExecArray)[1] as string;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
