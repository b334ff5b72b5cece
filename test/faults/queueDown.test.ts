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
  stopAll,
} from "./scenario.ts";

const results = faultResults("queue down");

describe("fault injection: the queue", () => {
  it(
    "queue unavailable for a window while 1,000 webhooks of every provider arrive: none lost",
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
        const before = await phase(0, 300);
        proxy.down();
        const upLater = setTimeout(() => proxy.up(), 3000);
        const during = await phase(300, 700);
        clearTimeout(upLater);
        proxy.up();
        const after = await phase(700, 1000);
        for (const [index, provider] of PROVIDERS.entries()) {
          const acknowledged = [before, during, after].flatMap((sent) => sent[index]?.acknowledged ?? []);
          await waitForAll(acknowledged, destination.counts);
          const result = tally(
            `queue down for a window (${provider})`,
            1000,
            acknowledged,
            destination.counts,
          );
          results.push(result);
          expect(result.acknowledged).toBe(1000);
          expect(result.lost).toBe(0);
        }
        const duplicated = [...destination.counts.values()].filter((count) => count > 1);
        expect(duplicated).toEqual([]);
      } finally {
        await stopAll(runtime, proxy, destination);
      }
      // 3,000 webhooks through one local process: about 50 s on an idle 2-core machine. The limit only
      // stops a hung run; the outcome asserted is the count, never the time.
    },
    SCENARIO_TIMEOUT_MS,
  );
});
