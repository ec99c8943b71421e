import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { startStack, type Role } from '@leadrelay/cli';
import { validateCampaignsFile } from '@leadrelay/core';
import { Catalog, createLogger, loadSettings } from '@leadrelay/runtime';
import { cpuMs, type Started } from './started.js';

interface StackConfig {
  env: Record<string, string>;
  campaigns: unknown;
  roles: Role[];
  autopipeline?: boolean;
}

async function sum(counter: { get(): Promise<{ values: { value: number }[] }> }) {
  return (await counter.get()).values.reduce((total, entry) => total + entry.value, 0);
}

/** leadrelay itself: the given roles in one process, as `npm start` runs them. */
export async function startLeadrelay(config: StackConfig): Promise<Started> {
  // An experiment, never a product setting: every ioredis connection made from here on (the
  // stack's and BullMQ's copies of them) batches the commands of one tick into one write.
  if (config.autopipeline) {
    const defaults = (Redis as unknown as { defaultOptions: { enableAutoPipelining: boolean } })
      .defaultOptions;
    defaults.enableAutoPipelining = true;
  }
  const settings = loadSettings(config.env);
  const logger = createLogger({ level: settings.logLevel, role: 'bench' });
  const catalog = new Catalog(validateCampaignsFile(config.campaigns, config.env));
  const stack = await startStack({ settings, catalog, logger, roles: config.roles });
  const { metrics } = stack;
  // The V8 sampling profiler (what --cpu-prof runs), started and stopped around the measured
  // window only, so start-up, warm-up and shutdown stay out of the profile.
  const session = new Session();
  session.connect();
  let loopDelay: IntervalHistogram | null = null;
  return {
    info: { apiUrl: stack.apiUrl },
    handlers: {
      // Event-loop delay of the stack's one thread: what a job or a request waits for its turn.
      loopDelayStart: async () => {
        loopDelay = monitorEventLoopDelay({ resolution: 1 });
        loopDelay.enable();
      },
      loopDelayStop: async () => {
        if (!loopDelay) return null;
        loopDelay.disable();
        const ms = (ns: number) => ns / 1e6;
        const result = {
          p50Ms: ms(loopDelay.percentile(50)),
          p99Ms: ms(loopDelay.percentile(99)),
          maxMs: ms(loopDelay.max),
        };
        loopDelay = null;
        return result;
      },
      profileStart: async () => {
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      },
      profileStop: async (args: { file: string }) => {
        const { profile } = await session.post('Profiler.stop');
        await writeFile(args.file, JSON.stringify(profile));
      },
      counts: async () => ({
        settled: await sum(metrics.leadsSettled),
        deliveries: await sum(metrics.deliveries),
        received: await sum(metrics.leadsReceived),
        cpu: cpuMs(),
      }),
    },
    close: async () => {
      session.disconnect();
      await stack.close();
    },
  };
}
