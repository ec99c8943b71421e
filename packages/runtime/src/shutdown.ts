/**
 * Runs `close` but gives up waiting after `timeoutMs` (BullMQ's `worker.close()` has no
 * deadline of its own, NOTES.md "Shutdown"). Resolves `true` when it finished in time.
 */
export async function closeWithin(
  close: () => Promise<unknown>,
  timeoutMs: number,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([close().then(() => true as const), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
