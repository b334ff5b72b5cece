import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrdersStandIn } from "../../scripts/standin/bandwidth/orders.ts";
import { startBandwidthApiStandIn } from "../../scripts/standin/bandwidth/server.ts";
import { eventually, type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";
import {
  portinNotification,
  sendAs,
  sendBandwidthV1,
  startCountingDestination,
  tally,
  tallyChanges,
  waitForAll,
} from "./harness.ts";
import { destinationsFor, faultResults, SCENARIO_TIMEOUT_MS, scaled, stopAll } from "./scenario.ts";

const results = faultResults("duplicates and missed notifications");

/**
 * Webhooks sent twice per provider: 100 under `npm run test:faults`, 50 under `npm test`. The property
 * is that a second copy of an accepted webhook is never delivered again; 50 copies are still five
 * fan-out batches, the second copies arriving while the first are still being delivered, as with 100.
 */
const TWICE = scaled(100, 50);

describe("fault injection: duplicates and missed notifications", () => {
  describe("the same webhook sent twice", () => {
    // One runtime and destination for both providers' scenarios: their event ids differ, and each
    // tally counts only the ids its own scenario acknowledged.
    let destination: Awaited<ReturnType<typeof startCountingDestination>>;
    let runtime: RunningRuntime;
    beforeAll(async () => {
      destination = await startCountingDestination();
      runtime = await startRuntime({ DESTINATIONS: destinationsFor(destination.url) });
    });
    afterAll(() => stopAll(runtime, undefined, destination));

    it(
      "Telnyx delivers the same event twice (retry, failover URL): delivered once",
      async () => {
        const first = await sendAs("telnyx", runtime, 0, TWICE);
        const again = await sendAs("telnyx", runtime, 0, TWICE);
        const acknowledged = [...first.acknowledged, ...again.acknowledged];
        await waitForAll(first.acknowledged, destination.counts);
        await new Promise((done) => setTimeout(done, 1500));
        const result = tally("same Telnyx data.id sent twice", 2 * TWICE, acknowledged, destination.counts);
        results.push(result);
        expect(result.lost).toBe(0);
        expect(result.duplicated).toBe(0);
      },
      SCENARIO_TIMEOUT_MS,
    );

    it(
      "the provider sends the same notification twice: delivered once",
      async () => {
        const first = await sendAs("bandwidth-v1", runtime, 0, TWICE);
        const again = await sendAs("bandwidth-v1", runtime, 0, TWICE);
        expect(new Set(again.acknowledged)).toEqual(new Set(first.acknowledged));
        await waitForAll(first.acknowledged, destination.counts);
        await new Promise((done) => setTimeout(done, 1500));
        const acknowledged = [...first.acknowledged, ...again.acknowledged];
        const result = tally("same Bandwidth body sent twice", 2 * TWICE, acknowledged, destination.counts);
        results.push(result);
        expect(result.lost).toBe(0);
        expect(result.duplicated).toBe(0);
      },
      SCENARIO_TIMEOUT_MS,
    );
  });

  it(
    "the carrier's notification never arrives: recovered once, the late one not delivered twice",
    async () => {
      const api = { accountId: "9900012", username: "api-user", password: "api-password" };
      const orders = createOrdersStandIn({ accountId: api.accountId });
      const standIn = await startBandwidthApiStandIn({ ...api, routes: [orders.route] });
      const destination = await startCountingDestination();
      const runtime = await startRuntime({
        DESTINATIONS: destinationsFor(destination.url),
        LOCAL_SCHEDULE_SECONDS: "1",
        BANDWIDTH_ACCOUNT_ID: api.accountId,
        BANDWIDTH_API_URL: standIn.url,
        BANDWIDTH_API_USERNAME: api.username,
        BANDWIDTH_API_PASSWORD: api.password,
        RECONCILE_ORDER_TYPES: "portins",
        RECONCILE_SETTLE_SECONDS: "2",
        RECONCILE_PAGE_SIZE: "25",
        RECONCILE_REQUEST_INTERVAL_MS: "10",
      });
      try {
        const ids = Array.from({ length: 100 }, (_, n) => `never-arrives-${n}`);
        const changes: { orderId: string; status: string }[] = [];
        const sendAll = (statuses: ReturnType<typeof orders.advance>[]) =>
          Promise.all(statuses.map((order) => sendBandwidthV1(runtime, portinNotification(order))));
        // Every order reaches FOC; Bandwidth's notification of it never arrives for the odd ones.
        // Copies: the stand-in's orders move on, these keep what the FOC notification said.
        const numberOf = (n: number) => `919555${String(3000 + n).padStart(4, "0")}`;
        const foc = ids.map((id, n) => ({
          ...orders.create("portins", id, "FOC", { phoneNumbers: [numberOf(n)] }),
        }));
        changes.push(...foc.map(({ orderId }) => ({ orderId, status: "FOC" })));
        const acknowledged = await sendAll(foc.filter((_, n) => n % 2 === 0));
        const all = (status: string) => () =>
          ids.every((orderId) =>
            destination.received.some((e) => e.data.orderId === orderId && e.data.providerStatus === status),
          )
            ? true
            : undefined;
        await eventually(all("FOC"), 60_000);
        // Hours later, in Bandwidth's terms: the lost notifications arrive after all.
        const late = await sendAll(foc.filter((_, n) => n % 2 === 1));
        // Then every order completes, notified live: once those are in, every late FOC has been handled
        // (the events of one order are processed in order).
        const complete = ids.map((id) => ({ ...orders.advance(id, "COMPLETE") }));
        changes.push(...complete.map(({ orderId }) => ({ orderId, status: "COMPLETE" })));
        const completed = await sendAll(complete);
        await eventually(all("COMPLETE"), 60_000);
        const accepted = [...acknowledged, ...late, ...completed].filter((status) => status === 200).length;
        const result = tallyChanges(
          "the carrier's notification never arrives (50 of 100)",
          changes,
          accepted,
          destination.received,
        );
        results.push(result);
        expect(result.lost).toBe(0);
        expect(result.duplicated).toBe(0);
        const recovered = destination.received.filter((e) => e.data.details.recoveredBy === "reconciliation");
        expect(recovered.map((e) => e.data.orderId).sort()).toEqual(ids.filter((_, n) => n % 2 === 1).sort());
        // Each with its order's number, asked of the API (the lists carry none).
        for (const event of recovered) {
          expect(event.data.phoneNumbers).toEqual([`+1${numberOf(ids.indexOf(event.data.orderId ?? ""))}`]);
        }
        // A notification of an older state that turns up after the order completed (another copy,
        // worded differently): delivered, marked stale.
        const [first] = foc;
        if (!first) throw new Error("no orders");
        const older = portinNotification(first).replace("Port-in order FOC", "FOC date confirmed");
        expect(await sendBandwidthV1(runtime, older)).toBe(200);
        const stale = await eventually(
          () =>
            destination.received.find(
              (e) => e.data.orderId === first.orderId && e.data.details.stale === true,
            ),
          60_000,
        );
        expect(stale.data.providerStatus).toBe("FOC");
      } finally {
        await stopAll(runtime, undefined, destination);
        await standIn.close();
      }
    },
    SCENARIO_TIMEOUT_MS,
  );
});
