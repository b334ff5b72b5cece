import { SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PayloadTooLargeError, UnavailableError } from "../../../lib/errors.ts";
import { normalizeNotification } from "../../../lib/providers/bandwidth/v1/normalizeNotification.ts";
import { createPublisher } from "../../../lib/queue/publisher.ts";
import { createFifoQueue, drain, startEmulator } from "../../helpers/emulator.ts";
import { fixture } from "../../helpers/fixtures.ts";

const event = normalizeNotification(fixture("bandwidth/v1/orders-complete.xml"), "2026-01-02T03:04:05.000Z");
let emulator: Awaited<ReturnType<typeof startEmulator>>;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

describe("createPublisher", () => {
  it("puts the event on the FIFO queue grouped by provider and order, deduplicated by event id", async () => {
    const queueUrl = await createFifoQueue(emulator.client, "publish");
    const publisher = createPublisher(emulator.client, queueUrl);
    await publisher.publish(event, Date.now() + 5000);
    await publisher.publish(event, Date.now() + 5000);
    const messages = await drain(emulator.client, queueUrl);
    expect(messages).toHaveLength(1);
    expect(JSON.parse(messages[0]?.Body ?? "")).toEqual(event);
    expect(messages[0]?.Attributes?.MessageGroupId).toBe("bandwidth:a8ef295b-fcf4-44a7-945c-0520c8f49123");
    expect(messages[0]?.Attributes?.MessageDeduplicationId).toBe(event.id);
    expect(messages[0]?.MessageAttributes?.type?.StringValue).toBe("order.status_changed");
  });

  it("retries a queue it cannot reach until the deadline, then answers Unavailable", async () => {
    const unreachable = new SQSClient({
      endpoint: "http://127.0.0.1:1",
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
      useQueueUrlAsEndpoint: false,
    });
    const waits: number[] = [];
    const publisher = createPublisher(
      unreachable,
      "http://127.0.0.1:1/000000000000/events.fifo",
      async (ms) => {
        waits.push(ms);
      },
    );
    const error = await publisher.publish(event, Date.now() + 400).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).statusCode).toBe(503);
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(waits[1]).toBeGreaterThan((waits[0] ?? 0) / 2);
    unreachable.destroy();
  });

  it("retries a 429 that SQS marks as a client fault, then queues the event", async () => {
    const queueUrl = await createFifoQueue(emulator.client, "publish-429");
    const client = new SQSClient({
      endpoint: emulator.server.address,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
      useQueueUrlAsEndpoint: false,
    });
    let refusals = 0;
    client.middlewareStack.add(
      (next) => async (args) => {
        if (refusals++ > 0) return next(args);
        throw Object.assign(new Error("Too many requests"), {
          name: "TooManyRequestsException",
          $fault: "client",
          $metadata: { httpStatusCode: 429 },
        });
      },
      { step: "initialize", name: "refuseOnceLikeAThrottledSqs" },
    );
    const publisher = createPublisher(client, queueUrl, async () => {});
    await publisher.publish(event, Date.now() + 5000);
    expect(await drain(emulator.client, queueUrl)).toHaveLength(1);
    client.destroy();
  });

  it("refuses an event larger than an SQS message without trying", async () => {
    const big = { ...event, data: { ...event.data, message: "x".repeat(1100 * 1024) } };
    const publisher = createPublisher(emulator.client, "unused");
    await expect(publisher.publish(big, Date.now() + 1000)).rejects.toBeInstanceOf(PayloadTooLargeError);
  });
});

describe("createPublisher with a request SQS will always refuse", () => {
  it("gives up at once instead of retrying until the deadline", async () => {
    const emulator = await startEmulator();
    try {
      const waits: number[] = [];
      const missing = `${emulator.server.address}/000000000000/no-such-queue.fifo`;
      const publisher = createPublisher(emulator.client, missing, async (ms) => {
        waits.push(ms);
      });
      await expect(publisher.publish(event, Date.now() + 60_000)).rejects.toBeInstanceOf(UnavailableError);
      expect(waits).toEqual([]);
    } finally {
      await emulator.stop();
    }
  });
});
