/**
 * Waits until `probe` returns a value other than undefined, checking again after each
 * `intervalMs`; fails with `message` after `timeoutMs`. The bound is what makes it a wait and
 * not a sleep: a passing test returns as soon as the condition holds.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  message: string,
  timeoutMs = 15_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms: ${message}${last ? ` (last error: ${String(last)})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
