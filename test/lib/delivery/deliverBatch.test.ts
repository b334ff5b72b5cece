import type { SQSRecord } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDeliverer } from "../../../lib/delivery/deliverBatch.ts";
import { deliveryGroupId } from "../../../lib/delivery/deliveryMessage.ts";
import { loadDestinations } from "../../../lib/destinations/config.ts";
import type { CanonicalEvent } from "../../../lib/event/canonical.ts";
import { startDeliveryPipeline } from "../../helpers/deliveryPipeline.ts";
import { startEmulator } from "../../helpers/emulator.ts";
import { orderEvent } from "../../helpers/events.ts";
import { startReceiver } from "../../helpers/httpReceiver.ts";
import { eventually } from "../../helpers/localRuntime.ts";
import { waitForItems } from "../../helpers/waitFor.ts";

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
async function receiver(answer: Parameters<typeof startReceiver>[0]) {
  const started = await startReceiver(answer);
  cleanups.push(started.stop);
  return started;
}
async function pipeline(name: string, destinations: unknown[], concurrency?: number) {
  const started = await startDeliveryPipeline(emulator, name, { destinations }, concurrency);
  cleanups.push(started.stop);
  return started;
}
const idOf = (request: { body: string }) => (JSON.parse(request.body) as CanonicalEvent).id;
const fast = { initialDelay: 1, maxDelay: 1 };

describe("deliver stage", () => {
  it("retries a failing destination in place, never letting a later event of the order overtake, while others flow", async () => {
    const steady = await receiver(() => ({ status: 200 }));
    // Fails the first three requests it gets for order A, whatever they carry.
    let orderAFailures = 0;
    const flaky = await receiver((request) => {
      if (idOf(request).startsWith("evt-A-") && orderAFailures < 3) {
        orderAFailures++;
        return { status: 503 };
      }
      return { status: 200 };
    });
    const run = await pipeline("retry-order", [
      { name: "steady", type: "http", url: steady.url },
      { name: "flaky", type: "http", url: flaky.url, retry: fast },
    ]);
    const events = [orderEvent("A", 1), orderEvent("A", 2), orderEvent("B", 1), orderEvent("A", 3)];
    await run.enqueue(events, ["steady", "flaky"]);

    await eventually(() =>
      flaky.received.filter((r) => idOf(r) === "evt-A-3").length > 0 ? true : undefined,
    );
    // The healthy destination got everything exactly once; the failing one never re-sent to it.
    expect(steady.received.map(idOf).sort()).toEqual(["evt-A-1", "evt-A-2", "evt-A-3", "evt-B-1"]);
    // On the failing destination, order A arrived strictly in order: A-1 three times (503, 503, 503)
    // then 200, and only then.
    expect(flaky.received.map(idOf).filter((id) => id.startsWith("evt-A-"))).toEqual([
      "evt-A-1",
      "evt-A-1",
      "evt-A-1",
      "evt-A-1",
      "evt-A-2",
      "evt-A-3",
    ]);
    expect(flaky.received.map(idOf)).toContain("evt-B-1");
    expect(await run.deadLettered()).toEqual([]);
  });

  it("dead-letters a refused delivery at once with destination, attempts and reason, and the order moves on", async () => {
    const refusing = await receiver((request) =>
      idOf(request) === "evt-R-1" ? { status: 400 } : { status: 200 },
    );
    const run = await pipeline("refused", [{ name: "crm", type: "http", url: refusing.url }]);
    await run.enqueue([orderEvent("R", 1), orderEvent("R", 2)], ["crm"]);
    await eventually(() => (refusing.received.some((r) => idOf(r) === "evt-R-2") ? true : undefined));
    expect(refusing.received.map(idOf)).toEqual(["evt-R-1", "evt-R-2"]);
    const [dead, ...more] = await waitForItems(run.deadLettered, 1);
    expect(more).toEqual([]);
    expect(dead).toMatchObject({
      destination: "crm",
      event: { id: "evt-R-1" },
      deadLetter: {
        attempts: 1,
        retryable: false,
        lastError: expect.stringContaining("destination answered 400"),
      },
    });
  });

  it("dead-letters a delivery that still fails when its retry budget runs out", async () => {
    const down = await receiver(() => ({ status: 503 }));
    const run = await pipeline("exhausted", [
      { name: "crm", type: "http", url: down.url, retry: { ...fast, maxAttempts: 2 } },
    ]);
    await run.enqueue([orderEvent("X", 1)], ["crm"]);
    const [dead] = await waitForItems(run.deadLettered, 1);
    expect(down.received).toHaveLength(2);
    expect(dead).toMatchObject({
      destination: "crm",
      deadLetter: {
        attempts: 2,
        retryable: true,
        lastError: "gave up after 2 attempts: destination answered 503",
      },
    });
  });

  it("dead-letters a delivery for a destination that is no longer configured", async () => {
    const run = await pipeline("removed", [{ name: "kept", type: "file", path: "/tmp/kept.jsonl" }]);
    await run.enqueue([orderEvent("Z", 1)], ["gone"]);
    const [dead] = await waitForItems(run.deadLettered, 1);
    expect(dead).toMatchObject({
      destination: "gone",
      deadLetter: { lastError: 'destination "gone" is not configured' },
    });
  });
});

describe("deliver stage, one batch", () => {
  function recordsFor(events: CanonicalEvent[], destination: string): SQSRecord[] {
    return events.map((event, index) => ({
      messageId: `m-${index}`,
      receiptHandle: `r-${index}`,
      body: JSON.stringify({ destination, queuedAt: new Date().toISOString(), event }),
      attributes: {
        ApproximateReceiveCount: "1",
        SentTimestamp: "0",
        SenderId: "test",
        ApproximateFirstReceiveTimestamp: "0",
        MessageGroupId: deliveryGroupId(destination, event),
      },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:deliveries.fifo",
      awsRegion: "us-east-1",
    }));
  }

  it.each([1, 3])("keeps at most %i deliveries of a batch in flight", async (limit) => {
    let inFlight = 0;
    let peak = 0;
    // Answers each request a little later, counting how many are open at once.
    const { createServer } = await import("node:http");
    const server = createServer((_request, response) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        response.writeHead(200).end();
      }, 30);
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    cleanups.push(() => new Promise((done) => server.close(() => done())));
    const { port } = server.address() as { port: number };
    const deliverer = createDeliverer({
      destinations: loadDestinations(
        JSON.stringify({ destinations: [{ name: "crm", type: "http", url: `http://127.0.0.1:${port}/` }] }),
      ),
      client: emulator.sqs,
      queueUrl: "unused",
      deadLetterQueueUrl: "unused",
      concurrency: limit,
    });
    const events = ["A", "B", "C", "D", "E", "F"].map((order) => orderEvent(order, 1));
    const response = await deliverer({ Records: recordsFor(events, "crm") });
    expect(response.batchItemFailures).toEqual([]);
    expect(peak).toBe(limit);
  });

  it("holds back the rest of a group in the same batch when its first delivery must wait", async () => {
    const answers: string[] = [];
    const crm = await receiver((request) => {
      answers.push(idOf(request));
      return idOf(request) === "evt-H-1" ? { status: 503 } : { status: 200 };
    });
    const deliverer = createDeliverer({
      destinations: loadDestinations(
        JSON.stringify({ destinations: [{ name: "crm", type: "http", url: crm.url, retry: fast }] }),
      ),
      client: emulator.sqs,
      queueUrl: "unused",
      deadLetterQueueUrl: "unused",
      concurrency: 10,
    });
    const records = recordsFor(
      [orderEvent("H", 1), orderEvent("H", 2), orderEvent("I", 1), orderEvent("H", 3)],
      "crm",
    );
    const response = await deliverer({ Records: records });
    // H-1 failed: H-2 and H-3 (same destination and order) wait with it; I-1 is another order.
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["m-0", "m-1", "m-3"]);
    expect(answers.sort()).toEqual(["evt-H-1", "evt-I-1"]);
  });

  it("starts no delivery it could not finish before the invocation's deadline", async () => {
    const crm = await receiver(() => ({ status: 200 }));
    const deliverer = createDeliverer({
      destinations: loadDestinations(
        JSON.stringify({ destinations: [{ name: "crm", type: "http", url: crm.url, timeoutMs: 3000 }] }),
      ),
      client: emulator.sqs,
      queueUrl: "unused",
      deadLetterQueueUrl: "unused",
      concurrency: 10,
    });
    const records = recordsFor([orderEvent("T", 1), orderEvent("U", 1)], "crm");
    // 3 s timeout + 5 s margin: 7.9 s left is not enough, 8.1 s is.
    const late = await deliverer({ Records: records }, { getRemainingTimeInMillis: () => 7_900 });
    expect(late.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["m-0", "m-1"]);
    expect(crm.received).toEqual([]);
    const inTime = await deliverer({ Records: records }, { getRemainingTimeInMillis: () => 8_100 });
    expect(inTime.batchItemFailures).toEqual([]);
    expect(crm.received).toHaveLength(2);
  });
});
