import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { startRuntime } from "../helpers/localRuntime.ts";
import { sendAs, startCountingDestination, tally, waitForAll } from "./harness.ts";
import { destinationsFor, faultResults, SCENARIO_TIMEOUT_MS, scaled, stopAll } from "./scenario.ts";

const results = faultResults("crashes");

/**
 * Webhooks of the crash scenario: 300 under `npm run test:faults`, 150 under `npm test`. The
 * property is that a kill while deliveries are under way loses nothing and repeats only what was in
 * flight. The kill comes once 50 have arrived, so with 150 there are still 100 queued or in flight
 * at the kill, ten times the batch that may repeat, as with 300.
 */
const CRASH_WEBHOOKS = scaled(300, 150);

describe("fault injection: crashes and outages", () => {
  it(
    "the fan-out process is killed mid-batch: none lost, repeats only of what was in flight",
    async () => {
      const destination = await startCountingDestination();
      destination.set({ kind: "slow", ms: 30 });
      // The batches the killed process held come back this long after the kill (npm start's default
      // is 20 s); the runtime keeps a batch hidden while its handler runs however long it takes, so a
      // short hold repeats nothing more than a long one would (scripts/local/sqsPoller.ts).
      const hold = { LOCAL_HOLD_SECONDS: "5" };
      const runtime = await startRuntime({
        DESTINATIONS: destinationsFor(destination.url),
        LOCAL_RETRY_SECONDS: "1",
        ...hold,
      });
      const { acknowledged } = await sendAs("bandwidth-v1", runtime, 0, CRASH_WEBHOOKS);
      // Kill while deliveries are under way: some delivered but not yet deleted from the queue.
      while (destination.counts.size < 50) await new Promise((done) => setTimeout(done, 20));
      process.kill(runtime.pid, "SIGKILL");
      await runtime.stop(); // resolves once the killed process has exited and let go of its data folder
      destination.set({ kind: "ok" });
      const restarted = await startRuntime(
        { DESTINATIONS: destinationsFor(destination.url), ...hold },
        runtime.dataDir,
      );
      try {
        await waitForAll(acknowledged, destination.counts);
        const result = tally("fan-out killed mid-batch", CRASH_WEBHOOKS, acknowledged, destination.counts);
        results.push(result);
        expect(result.lost).toBe(0);
        // Only what was in flight may repeat: one deliver batch (10 deliveries, made but not yet deleted)
        // and, locally, one fan-out batch routed again after the restart: the emulator keeps its
        // deduplication ids in memory, where SQS keeps them for 5 minutes across any consumer crash.
        expect(result.duplicated).toBeLessThanOrEqual(20);
      } finally {
        await stopAll(restarted, undefined, destination);
      }
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    "a destination down for longer than its retry schedule, then redriven: none lost, none repeated",
    async () => {
      const destination = await startCountingDestination();
      destination.set({ kind: "fail", status: 503 });
      const destinations = JSON.stringify({
        destinations: [
          {
            name: "counting",
            type: "http",
            url: destination.url,
            retry: { initialDelay: 1, maxDelay: 1, maxAttempts: 2 },
          },
        ],
      });
      const runtime = await startRuntime({ DESTINATIONS: destinations });
      const env = { ...runtime.cliEnv, DESTINATIONS: destinations };
      const redrive = async (args: string[], expected: RegExp) => {
        for (const until = Date.now() + 60_000; Date.now() < until; ) {
          const out = await runCli("redrive", [...args, "--hold-seconds", "1"], env);
          if (expected.test(out)) return out;
          await new Promise((done) => setTimeout(done, 500));
        }
        throw new Error(`redrive never printed ${expected}`);
      };
      try {
        const { acknowledged } = await sendAs("bandwidth-v1", runtime, 0, 30);
        // Every delivery exhausts its two attempts and is dead-lettered; nothing reaches the destination.
        await redrive(["--dry-run"], /would redrive \d+ of 30\b/);
        expect(destination.counts.size).toBe(0);
        destination.set({ kind: "ok" });
        await redrive([], /redrove 30 of 30\b/);
        await waitForAll(acknowledged, destination.counts);
        const result = tally(
          "destination down past its retries, then redriven",
          30,
          acknowledged,
          destination.counts,
        );
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
