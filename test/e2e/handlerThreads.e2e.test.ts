import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MemoryReport } from "../../scripts/local/processMemory.ts";
import type { HeapSnapshotFile } from "../../scripts/local/threadMemory.ts";
import { liveHeapBytes } from "../bench/heapDiff.ts";
import { bandwidthNotification, sendBandwidthV1 } from "../faults/harness.ts";
import { runCliStatus } from "../helpers/cli.ts";
import { eventually, type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";

/** The `event queued` lines the runtime recorded in its log.jsonl so far. */
function queuedLines(runtime: RunningRuntime): { orderId?: string; route?: string }[] {
  return readFileSync(join(runtime.dataDir, "log.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { message: string; orderId?: string; route?: string })
    .filter((line) => line.message === "event queued");
}

describe("npm start with LOCAL_HANDLER_THREADS", () => {
  let runtime: RunningRuntime;
  beforeAll(async () => {
    runtime = await startRuntime({ LOCAL_HANDLER_THREADS: "2", LOG_LEVEL: "INFO" });
  });
  afterAll(async () => {
    await runtime.stop();
  });

  it("answers from its handler threads: the challenge, then webhooks queued, delivered, recorded and printed", async () => {
    const challenge = await fetch(`${runtime.url}/bandwidth/v1/notifications`, {
      method: "POST",
      headers: { "content-type": "application/xml" },
      body: bandwidthNotification(0),
    });
    expect(runtime.output()).toContain(
      "LOCAL_HANDLER_THREADS=2: the HTTP routes' handlers run on worker threads",
    );
    expect(challenge.status).toBe(401);
    expect(challenge.headers.get("www-authenticate")).toMatch(/^Basic /);
    const orders = Array.from({ length: 8 }, (_, n) => `thread-order-${n}`);
    const answers = await Promise.all(
      orders.map((order, n) => sendBandwidthV1(runtime, bandwidthNotification(n, order))),
    );
    expect(answers).toEqual(orders.map(() => 200));
    const delivered = await eventually(() => {
      const events = runtime.delivered();
      return events.length === orders.length ? events : undefined;
    });
    expect(new Set(delivered.map((event) => event.id)).size).toBe(orders.length);
    const recorded = await eventually(() => {
      const lines = queuedLines(runtime);
      return lines.length === orders.length ? lines : undefined;
    });
    expect(recorded.map((line) => line.orderId).sort()).toEqual([...orders].sort());
    expect(runtime.output()).toContain('"message":"event queued"');
    const { stdout } = await runCliStatus("trace", ["thread-order-3"], { LOCAL_DATA_DIR: runtime.dataDir });
    expect(stdout).toContain("queued");
  });

  it("reports each thread's own isolate and has each write its heap snapshot", async () => {
    const report = (await (await fetch(`${runtime.url}/_local/memory`)).json()) as MemoryReport;
    expect(report.threads.map((thread) => thread.thread)).toEqual(["main", "handler-1", "handler-2"]);
    for (const thread of report.threads) {
      expect(thread.heapUsed).toBeGreaterThan(0);
      expect(thread.heapTotal).toBeGreaterThanOrEqual(thread.heapUsed);
      expect(thread.youngGeneration).toBeGreaterThan(0);
      expect(thread.heapTotal).toBeGreaterThan(thread.youngGeneration);
    }
    // The whole process holds every thread's heap.
    const heaps = report.threads.reduce((sum, thread) => sum + thread.heapTotal, 0);
    expect(report.rss).toBeGreaterThan(heaps);

    const answer = await fetch(`${runtime.url}/_local/heap-snapshots`, { method: "POST" });
    const snapshots = (await answer.json()) as HeapSnapshotFile[];
    expect(snapshots.map((snapshot) => snapshot.thread)).toEqual(["main", "handler-1", "handler-2"]);
    // Parsed once each, and only the two compared: a snapshot is tens of MB of JSON.
    const [main, handler] = snapshots.slice(0, 2).map(({ path }) => liveHeapBytes(path));
    // A handler thread's snapshot is its own heap: the main thread's holds no handler.
    expect(handler).toBeGreaterThan(0);
    expect(main).not.toBe(handler);
    for (const { path } of snapshots) expect(dirname(path)).toBe(join(runtime.dataDir, "heap-snapshots"));
  });

  it("keeps every line its threads wrote when stopped right after answering", async () => {
    expect(await sendBandwidthV1(runtime, bandwidthNotification(0, "thread-order-last"))).toBe(200);
    await runtime.stop();
    expect(queuedLines(runtime).map((line) => line.orderId)).toContain("thread-order-last");
  });

  it("fails to start, saying why, when a handler fails to load on its thread", async () => {
    const result = await runCliStatus("start", [], {
      LOCAL_HANDLER_THREADS: "1",
      PUBLISH_BUDGET_MS: "soon",
      PORT: "0",
      EMULATOR_PORT: "0",
      DYNAMODB_PORT: "0",
      BANDWIDTH_API_PORT: "0",
      FIREHOSE_PORT: "0",
      LOCAL_DATA_DIR: mkdtempSync(join(tmpdir(), "neg-thread-start-")),
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'npm run start: PUBLISH_BUDGET_MS: must be a positive integer, got "soon"',
    );
  });

  it("refuses a thread count that is not a whole number", async () => {
    const { code, stderr } = await runCliStatus("start", [], { LOCAL_HANDLER_THREADS: "two" });
    expect(code).toBe(2);
    expect(stderr).toContain("LOCAL_HANDLER_THREADS must be a whole number");
  });
});
