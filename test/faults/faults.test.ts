import { afterAll, describe, expect, it } from "vitest";
import { createOrdersStandIn } from "../../scripts/standin/bandwidth/orders.ts";
import { startBandwidthApiStandIn } from "../../scripts/standin/bandwidth/server.ts";
import { writeBenchmarksSection } from "../bench/benchmarksFile.ts";
import { emulatorUrlOf, runCli } from "../helpers/cli.ts";
import { eventually, type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";
import { startSwitchableProxy } from "../helpers/switchableProxy.ts";
import {
  type Provider,
  portinNotification,
  type ScenarioResult,
  sendAs,
  sendBandwidthV1,
  startCountingDestination,
  summaryTable,
  tally,
  tallyChanges,
  waitForAll,
} from "./harness.ts";

const results: ScenarioResult[] = [];
const PROVIDERS: Provider[] = ["bandwidth-v1", "bandwidth-v2", "telnyx"];
/** Attempts per webhook: Bandwidth v1 never retries; Telnyx does (we give it 20 tries 250 ms apart). */
const RETRYING: Record<Provider, number> = { "bandwidth-v1": 1, "bandwidth-v2": 1, telnyx: 20 };
afterAll(() => {
  console.log(`\nFault injection summary\n\n${summaryTable(results)}\n`);
  // `FAULTS_WRITE=1 npm run test:faults` records the table in BENCHMARKS.md.
  if (process.env.FAULTS_WRITE) {
    const when = `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run test:faults\` through the local pipeline.`;
    writeBenchmarksSection("Fault injection", `${when}\n\n${summaryTable(results)}`);
  }
});

const destinationsFor = (url: string) =>
  JSON.stringify({ destinations: [{ name: "counting", type: "http", url, timeoutMs: 2000 }] });

describe("fault injection", () => {
  it("queue unavailable for a window while 1,000 webhooks of every provider arrive: none lost", async () => {
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
        const result = tally(`queue down for a window (${provider})`, 1000, acknowledged, destination.counts);
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
  }, 180_000);

  it("the fan-out process is killed mid-batch: none lost, repeats only of what was in flight", async () => {
    const destination = await startCountingDestination();
    destination.set({ kind: "slow", ms: 30 });
    const runtime = await startRuntime({
      DESTINATIONS: destinationsFor(destination.url),
      LOCAL_RETRY_SECONDS: "1",
    });
    const { acknowledged } = await sendAs("bandwidth-v1", runtime, 0, 300);
    // Kill while deliveries are under way: some delivered but not yet deleted from the queue.
    while (destination.counts.size < 50) await new Promise((done) => setTimeout(done, 20));
    process.kill(runtime.pid, "SIGKILL");
    await new Promise((done) => setTimeout(done, 300));
    destination.set({ kind: "ok" });
    const restarted = await startRuntime({ DESTINATIONS: destinationsFor(destination.url) }, runtime.dataDir);
    try {
      await waitForAll(acknowledged, destination.counts);
      const result = tally("fan-out killed mid-batch", 300, acknowledged, destination.counts);
      results.push(result);
      expect(result.lost).toBe(0);
      // Only what was in flight may repeat: one deliver batch (10 deliveries, made but not yet deleted)
      // and, locally, one fan-out batch routed again after the restart: the emulator keeps its
      // deduplication ids in memory, where SQS keeps them for 5 minutes across any consumer crash.
      expect(result.duplicated).toBeLessThanOrEqual(20);
    } finally {
      await stopAll(restarted, undefined, destination);
    }
  });

  it("a destination down for longer than its retry schedule, then redriven: none lost, none repeated", async () => {
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
    const env = { AWS_ENDPOINT_URL_SQS: emulatorUrlOf(runtime.output()), DESTINATIONS: destinations };
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
  });

  it("a 429 storm with Retry-After, then slow answers: none lost, none repeated", async () => {
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
  });

  it("Telnyx delivers the same event twice (retry, failover URL): delivered once", async () => {
    const destination = await startCountingDestination();
    const runtime = await startRuntime({ DESTINATIONS: destinationsFor(destination.url) });
    try {
      const first = await sendAs("telnyx", runtime, 0, 100);
      const again = await sendAs("telnyx", runtime, 0, 100);
      const acknowledged = [...first.acknowledged, ...again.acknowledged];
      await waitForAll(first.acknowledged, destination.counts);
      await new Promise((done) => setTimeout(done, 1500));
      const result = tally("same Telnyx data.id sent twice", 200, acknowledged, destination.counts);
      results.push(result);
      expect(result.lost).toBe(0);
      expect(result.duplicated).toBe(0);
    } finally {
      await stopAll(runtime, undefined, destination);
    }
  });

  it("the provider sends the same notification twice: delivered once", async () => {
    const destination = await startCountingDestination();
    const runtime = await startRuntime({ DESTINATIONS: destinationsFor(destination.url) });
    try {
      const first = await sendAs("bandwidth-v1", runtime, 0, 100);
      const again = await sendAs("bandwidth-v1", runtime, 0, 100);
      expect(new Set(again.acknowledged)).toEqual(new Set(first.acknowledged));
      await waitForAll(first.acknowledged, destination.counts);
      await new Promise((done) => setTimeout(done, 1500));
      const acknowledged = [...first.acknowledged, ...again.acknowledged];
      const result = tally("same Bandwidth body sent twice", 200, acknowledged, destination.counts);
      results.push(result);
      expect(result.lost).toBe(0);
      expect(result.duplicated).toBe(0);
    } finally {
      await stopAll(runtime, undefined, destination);
    }
  });
});

describe("fault injection: reconciliation", () => {
  it("the carrier's notification never arrives: recovered once, the late one not delivered twice", async () => {
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
      const foc = ids.map((id) => ({ ...orders.create("portins", id, "FOC") }));
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
      // A notification of an older state that turns up after the order completed (another copy,
      // worded differently): delivered, marked stale.
      const [first] = foc;
      if (!first) throw new Error("no orders");
      const older = portinNotification(first).replace("Port-in order FOC", "FOC date confirmed");
      expect(await sendBandwidthV1(runtime, older)).toBe(200);
      const stale = await eventually(
        () =>
          destination.received.find((e) => e.data.orderId === first.orderId && e.data.details.stale === true),
        60_000,
      );
      expect(stale.data.providerStatus).toBe("FOC");
    } finally {
      await stopAll(runtime, undefined, destination);
      await standIn.close();
    }
  }, 240_000);
});

async function stopAll(
  runtime: RunningRuntime,
  proxy: { stop(): Promise<void> } | undefined,
  destination: { stop(): Promise<void> },
) {
  await runtime.stop();
  await proxy?.stop();
  await destination.stop();
}
