/** Microseconds on the machine's monotonic clock: comparable across processes on one host. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
