import { startBuyerSim } from '@leadrelay/buyer-sim';

/** Runs the buyer simulator on PORT (default 4100) until SIGTERM/SIGINT. */
export async function runBuyerSim(): Promise<number> {
  const port = Number(process.env.PORT ?? 4100);
  const host = process.env.HOST ?? '127.0.0.1';
  const sim = await startBuyerSim({ port, host });
  process.stdout.write(`buyer-sim listening on ${sim.url} (/classic, /json, /flaky)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await sim.close();
  return 0;
}
