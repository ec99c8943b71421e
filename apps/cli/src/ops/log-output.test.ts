import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LOG_FLUSH_MS } from '@leadrelay/runtime';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

/**
 * Runs `script` (an ES module using the product's logger on stdout) in a child process and
 * resolves with what it printed, chunk by chunk.
 */
function runLogging(script: string): Promise<{ chunks: { text: string }[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const chunks: { text: string }[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push({ text: chunk.toString('utf8') });
      // The script waits for this before it goes on: the line arrived while it was running.
      if (chunk.includes('"msg":"first"')) child.stdin.end('go\n');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not finish; output: ${chunks.map((c) => c.text).join('')}`));
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve({ chunks });
    });
  });
}

const SCRIPT = `
import { createLogger } from '@leadrelay/runtime';
const logger = createLogger({ level: 'info', role: 'test' });
logger.info('first');
process.stdin.once('data', () => {
  logger.info('last before exit');
  process.exit(0);
});
`;

describe('log output on stdout (buffered)', () => {
  test('a line reaches stdout within the flush period, and the last line before exit is not lost', async () => {
    const { chunks } = await runLogging(SCRIPT);
    const output = chunks.map((chunk) => chunk.text).join('');
    const lines = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; role: string });
    expect(lines.map((line) => line.msg)).toEqual(['first', 'last before exit']);
    expect(lines.every((line) => line.role === 'test')).toBe(true);
    // "first" arrived on its own, before the child was told to go on: the periodic flush wrote
    // it (a line held until exit would have left the child waiting for stdin until the timeout).
    expect(chunks[0]?.text).toContain('"msg":"first"');
    expect(chunks[0]?.text).not.toContain('last before exit');
    expect(LOG_FLUSH_MS).toBeLessThanOrEqual(250);
  });
});
