import { describe, expect, it } from "vitest";
import { startRuntime } from "../helpers/localRuntime.ts";
import { sendAs, startCountingDestination, tally, waitForAll } from "./harness.ts";
import { faultResults, SCENARIO_TIMEOUT_MS, stopAll } from "./scenario.ts";

const results = faultResults("storms");

describe("fault injection: a destination pushing back", () => {
  it(
    "a 429 storm with Retry-After, then slow answers: none lost, none repeated",
    async () => {
      const destination = await startCountingDestination();
      destination.set({ kind: "fail", status: 429, retryAfter: 1 });
      const runtime = await startRuntime({
        // Retried after 1–2 s, not the default 30 s and up: each retry still waits at least the
        // destination's Retry-After (1 s), which is what the storm exercises; the scenario then
        // waits for the deliveries rather than for the default schedule.
        DESTINATIONS: JSON.stringify({
          destinations: [
            {
              name: "counting",
              type: "http",
              url: destination.url,
              timeoutMs: 2000,
              retry: { initialDelay: 1, maxDelay: 2 },
            },
          ],
        }),
        LOCAL_RETRY_SECONDS: "1",
      });
      try {
        const { acknowledged } = await sendAs("bandwidth-v1", runtime, 0, 200);
        await new Promise((done) => setTimeout(done, 2000));
        destination.set({ kind: "slow", ms: 100 });
        await waitForAll(acknowledged, destination.counts);
        const result = tally("429 storm, then slow destination", 200, acknowledged, destination.counts);
        results.push(result);
        expect(result.lost).toBe(0);
        expect(result.duplicated).toBe(0);
      } finally {
        await stopAll(runtime, undefined, destination);
      }
    },
    SCENARIO_TIMEOUT_MS,
  );
});
