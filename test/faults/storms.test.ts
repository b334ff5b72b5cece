import { describe, expect, it } from "vitest";
import { startRuntime } from "../helpers/localRuntime.ts";
import { sendAs, startCountingDestination, tally, waitForAll } from "./harness.ts";
import { destinationsFor, faultResults, SCENARIO_TIMEOUT_MS, stopAll } from "./scenario.ts";

const results = faultResults("storms");

describe("fault injection: a destination pushing back", () => {
  it(
    "a 429 storm with Retry-After, then slow answers: none lost, none repeated",
    async () => {
      const destination = await startCountingDestination();
      destination.set({ kind: "fail", status: 429, retryAfter: 1 });
      const runtime = await startRuntime({
        DESTINATIONS: destinationsFor(destination.url),
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
