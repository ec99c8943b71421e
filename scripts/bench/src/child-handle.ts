import { fork, type ChildProcess } from 'node:child_process';

/** What runs in a child process: each measured server gets a process (and a core) of its own. */
export type ChildRole = 'hello' | 'buyer' | 'bullmq' | 'stack' | 'client';

/** Parent → child. */
export interface CallMessage {
  id: number;
  command: string;
  args: unknown;
}

/** Child → parent. */
export type ChildMessage =
  | { type: 'ready'; info: Record<string, unknown> }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: string };

const CHILD_ENTRY = new URL('./child.js', import.meta.url);
const START_TIMEOUT_MS = 30_000;

/** A benchmark child process with a small request/reply channel over IPC. */
export class BenchChild {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();

  private constructor(
    readonly role: ChildRole,
    private readonly child: ChildProcess,
    readonly info: Record<string, unknown>,
  ) {
    child.on('message', (message: ChildMessage) => {
      if (message.type !== 'reply') return;
      const entry = this.waiting.get(message.id);
      if (!entry) return;
      this.waiting.delete(message.id);
      if (message.ok) entry.resolve(message.value);
      else entry.reject(new Error(`${role}: ${message.error}`));
    });
    child.once('exit', (code) => {
      for (const entry of this.waiting.values()) {
        entry.reject(new Error(`${role} child exited (code ${code}) before answering`));
      }
      this.waiting.clear();
    });
  }

  /**
   * Forks `child.js <role>` with `config` in its environment and waits for it to say ready.
   * Its stdout (the stack's JSON log lines) goes to /dev/null, as a container's would go to a
   * log collector; stderr is passed through so crashes are visible.
   */
  static start(role: ChildRole, config: unknown, execArgv: string[] = []): Promise<BenchChild> {
    const child = fork(CHILD_ENTRY, [role], {
      env: { ...process.env, BENCH_CHILD_CONFIG: JSON.stringify(config) },
      execArgv,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${role} child not ready within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${role} child exited with code ${code} during start`));
      });
      child.once('message', (message: ChildMessage) => {
        clearTimeout(timer);
        if (message.type === 'ready') resolve(new BenchChild(role, child, message.info));
        else reject(new Error(`${role} child sent ${message.type} before ready`));
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Runs `command` in the child; rejects after `timeoutMs`. */
  call<T>(command: string, args: unknown = null, timeoutMs = 60_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.role}: ${command} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      const message: CallMessage = { id, command, args };
      this.child.send(message);
    });
  }

  /** Asks the child to close what it runs and exit; kills it if it has not within the bound. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.call('stop', null, timeoutMs).catch(() => this.child.kill('SIGKILL'));
    await exited;
    clearTimeout(timer);
  }
}
