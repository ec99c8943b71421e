import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Redis } from 'ioredis';
import { LEAD_STORE_SCRIPTS } from '@leadrelay/runtime';

export interface RoundTrips {
  leads: number;
  seconds: number;
  /** Commands clients sent per lead (MULTI/EXEC blocks counted once), all kinds together. */
  roundTripsPerLead: number;
  /** Commands clients sent, per lead, by label (EVALSHA named after its script). */
  clientCommandsPerLead: { label: string; perLead: number }[];
  /** Commands run inside Lua scripts, per lead. */
  scriptCommandsPerLead: number;
  /** Commands per second while nothing was posted (blocking waits, timers): background. */
  idleCommandsPerSec: number;
}

/** BullMQ's and the lead store's Lua scripts by SHA-1, so an EVALSHA in MONITOR output can be named. */
function bullmqScriptNames(): Map<string, string> {
  const names = new Map<string, string>();
  try {
    const require = createRequire(import.meta.url);
    const scripts = require('bullmq/dist/cjs/scripts/index.js') as Record<
      string,
      { name?: string; content?: string }
    >;
    for (const script of Object.values(scripts)) {
      if (!script.name || !script.content) continue;
      names.set(createHash('sha1').update(script.content).digest('hex'), script.name);
    }
  } catch {
    // Unnamed scripts are labelled by their SHA-1 prefix instead.
  }
  for (const [name, lua] of Object.entries(LEAD_STORE_SCRIPTS)) {
    names.set(createHash('sha1').update(lua).digest('hex'), name);
  }
  return names;
}

/** `EVAL` scripts are labelled by the commands they call, e.g. `eval[EXISTS+HSET+PEXPIRE]`. */
function evalLabel(script: string): string {
  const calls = [...script.matchAll(/redis\.call\(\s*'(\w+)'/gi)].map((m) => m[1]?.toUpperCase());
  return `eval[${[...new Set(calls)].join('+')}]`;
}

/**
 * Counts what clients send Redis while `run` posts leads, from MONITOR (which marks commands
 * run inside scripts as coming from `lua`). A MULTI … EXEC block is one round trip; a
 * non-transactional pipeline would count once per command, so the figure is an upper bound.
 * MONITOR slows Redis down: use it on a small sample, never on a timed run.
 */
export async function countRoundTrips(
  redisUrl: string,
  run: () => Promise<number>,
): Promise<RoundTrips> {
  const shaNames = bullmqScriptNames();
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  const monitor = await connection.monitor();
  const byLabel = new Map<string, number>();
  const inMulti = new Set<string>();
  let roundTrips = 0;
  let scriptCommands = 0;
  let counting = false;
  let idleCommands = 0;
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (!counting) {
      if (source !== 'lua') idleCommands++;
      return;
    }
    if (source === 'lua') {
      scriptCommands++;
      return;
    }
    const name = (args[0] ?? '').toLowerCase();
    let label = name;
    if (name === 'evalsha') {
      const sha = args[1] ?? '';
      label = `evalsha ${shaNames.get(sha) ?? sha.slice(0, 8)}`;
    } else if (name === 'eval') label = evalLabel(args[1] ?? '');
    byLabel.set(label, (byLabel.get(label) ?? 0) + 1);
    if (name === 'multi') {
      inMulti.add(source);
      roundTrips++;
    } else if (name === 'exec' || name === 'discard') inMulti.delete(source);
    else if (!inMulti.has(source)) roundTrips++;
  });

  const idleMs = 1000;
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const idleCommandsPerSec = idleCommands / (idleMs / 1000);
  counting = true;
  const startedAt = performance.now();
  const leads = Math.max(1, await run());
  const seconds = (performance.now() - startedAt) / 1000;
  counting = false;
  monitor.disconnect();
  connection.disconnect();

  return {
    leads,
    seconds,
    roundTripsPerLead: roundTrips / leads,
    clientCommandsPerLead: [...byLabel]
      .map(([label, count]) => ({ label, perLead: count / leads }))
      .sort((a, b) => b.perLead - a.perLead),
    scriptCommandsPerLead: scriptCommands / leads,
    idleCommandsPerSec,
  };
}
