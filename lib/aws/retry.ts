import { setTimeout as sleepFor } from "node:timers/promises";

export interface BackoffOptions {
  /** The first wait; each next one is twice the last. */
  firstMs: number;
  /** The longest wait (none by default). */
  maxMs?: number;
  /** Scales each wait by a random 50–100 %, so that many callers failing together do not retry in step. */
  jitter?: boolean;
}

export interface RetryOptions extends BackoffOptions {
  /**
   * Called after each failure with the attempt number (from 1) and the wait before the next attempt;
   * false stops, and `retry` throws that failure. The caller's stopping rule lives here: an attempt
   * count, a deadline, an error that will not fix itself.
   */
  retryIf(error: unknown, attempt: number, waitMs: number): boolean;
  /** How to wait (tests pass one that does not). */
  sleep?: (ms: number) => Promise<unknown>;
}

/** The waits of capped exponential backoff: `firstMs`, twice that, four times, … at most `maxMs`. Endless. */
export function* backoffDelays({
  firstMs,
  maxMs = Number.POSITIVE_INFINITY,
  jitter = false,
}: BackoffOptions): Generator<number, never> {
  for (let wait = firstMs; ; wait *= 2) {
    const capped = Math.min(wait, maxMs);
    yield jitter ? capped * (0.5 + Math.random() / 2) : capped;
  }
}

/** The one retry loop: calls `call` until it succeeds or `retryIf` says stop, with {@link backoffDelays} between attempts. */
export async function retry<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const delays = backoffDelays(options);
  const sleep = options.sleep ?? sleepFor;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const wait = delays.next().value;
      if (!options.retryIf(error, attempt, wait)) throw error;
      await sleep(wait);
    }
  }
}

/**
 * The retry loop of a batch call that can take some entries and reject others (SQS
 * SendMessageBatch, Firehose PutRecordBatch): `send` answers with what it rejected, by the index of
 * the entry in what it was given; only the entries rejected with a retryable reason are sent again,
 * with {@link backoffDelays} between calls, for `attempts` calls at most. Resolves with what is still
 * rejected, by the entry's index in `entries`.
 */
export async function retryRejected<T, Reason extends { retryable: boolean }>(
  entries: readonly T[],
  send: (entries: T[]) => Promise<ReadonlyMap<number, Reason>>,
  options: BackoffOptions & { attempts: number; sleep?: (ms: number) => Promise<unknown> },
): Promise<Map<number, Reason>> {
  const delays = backoffDelays(options);
  const sleep = options.sleep ?? sleepFor;
  const rejected = new Map<number, Reason>();
  let pending = entries.map((entry, index) => ({ entry, index }));
  for (let attempt = 1; pending.length > 0; attempt++) {
    const answer = await send(pending.map(({ entry }) => entry));
    for (const { index } of pending) rejected.delete(index);
    for (const [position, reason] of answer) {
      const index = pending[position]?.index;
      if (index !== undefined) rejected.set(index, reason);
    }
    const again = pending.filter(({ index }) => rejected.get(index)?.retryable);
    if (again.length === 0 || attempt >= options.attempts) break;
    await sleep(delays.next().value);
    pending = again;
  }
  return rejected;
}
