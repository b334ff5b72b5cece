import { availableParallelism } from "node:os";
import type { VerifySecret } from "./checkAccount.ts";

/**
 * A decision's secret checks, at most `concurrency` at a time, and none started once `signal` is
 * aborted (the decision's deadline passed; the request was answered 7598 without it). Node runs scrypt
 * on libuv's thread pool (https://nodejs.org/api/cli.html#uv_threadpool_sizesize), where a started
 * check cannot be stopped: issued all at once, the checks of a request over its budget would all run
 * after its answer — in Lambda, where an instance is frozen between invocations
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html), into the next
 * requests' time, so one oversized request could push the following ones over their budget too.
 * Bounded, at most `concurrency` checks outlive the deadline. More than the cores in flight would not
 * finish sooner: each check is CPU work.
 */
export function boundedChecks(
  verify: VerifySecret,
  signal: AbortSignal,
  concurrency = availableParallelism(),
): VerifySecret {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (secret, stored) => {
    while (active >= concurrency) await new Promise<void>((resume) => waiting.push(resume));
    if (signal.aborted) {
      // The next waiter learns it too, rather than waiting for a check that will never run.
      waiting.shift()?.();
      throw signal.reason;
    }
    active++;
    try {
      return await verify(secret, stored);
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
