/**
 * Entry of every benchmark child process: `node child.js <role>`, configured by the JSON in
 * BENCH_CHILD_CONFIG, driven over IPC by `BenchChild`. A child whose parent goes away exits.
 */
import type { CallMessage, ChildMessage, ChildRole } from './child-handle.js';
import { startBullmq } from './children/bullmq-baseline.js';
import { startLeadrelay } from './children/leadrelay-stack.js';
import { startBuyer, startHello } from './children/servers.js';
import type { Started } from './children/started.js';
import { startClient } from './children/unit-costs.js';

async function start(role: ChildRole, config: never): Promise<Started> {
  switch (role) {
    case 'hello':
      return startHello();
    case 'buyer':
      return startBuyer(config);
    case 'bullmq':
      return startBullmq(config);
    case 'stack':
      return startLeadrelay(config);
    case 'client':
      return startClient(config);
    default: {
      const unknown: never = role;
      throw new Error(`unknown child role ${String(unknown)}`);
    }
  }
}

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => process.send?.(message, undefined, {}, () => resolve()));
}

async function main(): Promise<void> {
  const role = process.argv[2] as ChildRole;
  const config = JSON.parse(process.env.BENCH_CHILD_CONFIG ?? '{}') as never;
  process.once('disconnect', () => process.exit(1));
  const started = await start(role, config);

  process.on('message', (message: CallMessage) => {
    const reply = async () => {
      if (message.command === 'stop') {
        await started.close();
        await send({ type: 'reply', id: message.id, ok: true, value: null });
        process.exit(0);
      }
      const handler = started.handlers[message.command];
      if (!handler) throw new Error(`unknown command ${message.command}`);
      return handler(message.args as never);
    };
    reply().then(
      (value) => send({ type: 'reply', id: message.id, ok: true, value }),
      (error: unknown) => send({ type: 'reply', id: message.id, ok: false, error: String(error) }),
    );
  });
  await send({ type: 'ready', info: started.info });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench child failed: ${String(error)}\n`);
  process.exit(1);
});
