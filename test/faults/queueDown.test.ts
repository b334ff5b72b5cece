import { describe, expect, it } from "vitest";
import { emulatorUrlOf } from "../helpers/cli.ts";
import { startRuntime } from "../helpers/localRuntime.ts";
import { startSwitchableProxy } from "../helpers/switchableProxy.ts";
import { sendAs, startCountingDestination, tally, waitForAll } from "./harness.ts";
import {
  destinationsFor,
  faultResults,
  PROVIDERS,
  RETRYING,
  SCENARIO_TIMEOUT_MS,
  scaled,
  stopAll,
} from "./scenario.ts";

const results = faultResults("queue down");

/**
 * Webhooks per provider: 1,000 under `npm run test:faults`, 300 under `npm test`. The property is
 * that nothing acknowledged is lost across the queue's down and up transitions with webhooks in
 * flight on both sides of each. 300 still sends 90 before, 120 during and 90 after the window, 20
 * at a time per provider: the window (3 s, or until the Telnyx retries of the outage succeed) opens
 * and closes with requests in flight, Bandwidth v1 and v2 events are kept in the fallback archive
 * and recovered, and Telnyx gets 503s and retries, as with 1,000.
 */
const WEBHOOKS = scaled(1000, 300);

describe("fault injection: the queue", () => {
  it(
    `queue unavailable for a window while ${WEBHOOKS} webhooks of every provider arrive: none lost`,
    async () => {
      const destination = await startCountingDestination();
      const proxy = await startSwitchableProxy();
      const runtime = await startRuntime({
        DESTINATIONS: destinationsFor(destination.url),
        AWS_ENDPOINT_URL_SQS: proxy.url,
        PUBLISH_BUDGET_MS: "300",
        LOCAL_SCHEDULE_SECONDS: "1",
        LOCAL_RETRY_SECONDS: "1",
      });
      try {
        proxy.setTarget(emulatorUrlOf(runtime.output()));
        const phase = (from: number, to: number) =>
          Promise.all(PROVIDERS.map((provider) => sendAs(provider, runtime, from, to, RETRYING[provider])));
        const before = await phase(0, WEBHOOKS * 0.3);
        proxy.down();
        const upLater = setTimeout(() => proxy.up(), 3000);
        const during = await phase(WEBHOOKS * 0.3, WEBHOOKS * 0.7);
        clearTimeout(upLater);
        proxy.up();
        const after = await phase(WEBHOOKS * 0.7, WEBHOOKS);
        for (const [index, provider] of PROVIDERS.entries()) {
          const acknowledged = [before, during, after].flatMap((sent) => sent[index]?.acknowledged ?? []);
          await waitForAll(acknowledged, destination.counts);
          const result = tally(
            `queue down for a window (${provider})`,
            WEBHOOKS,
            acknowledged,
            destination.counts,
          );
          results.push(result);
          expect(result.acknowledged).toBe(WEBHOOKS);
          expect(result.lost).toBe(0);
        }
        const duplicated = [...destination.counts.values()].filter((count) => count > 1);
        expect(duplicated).toEqual([]);
      } finally {
        await stopAll(runtime, proxy, destination);
      }
      // 3,000 webhooks through one local process (test:faults): about 50 s on an idle 2-core machine. The
      // limit only stops a hung run; the outcome asserted is the count, never the time.
    },
    SCENARIO_TIMEOUT_MS,
  );
});
