/** Polls an async check until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls until `count()` reaches `n` (a list of things arrived so far), then returns that list. */
export async function waitForItems<T>(list: () => Promise<T[]>, n: number, timeoutMs = 20_000): Promise<T[]> {
  const seen: T[] = [];
  return waitFor(async () => {
    seen.push(...(await list()));
    return seen.length >= n ? seen : undefined;
  }, timeoutMs);
}
