import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SendMessage, sqsSendMessage } from "../../../lib/aws/sqs.ts";
import { PayloadTooLargeError, UnavailableError } from "../../../lib/errors.ts";
import { unpackRawRequest } from "../../../lib/http/rawRequest.ts";
import { normalizeNotification } from "../../../lib/providers/bandwidth/v1/normalizeNotification.ts";
import { createPublisher } from "../../../lib/queue/publisher.ts";
import { localServiceEnvironment } from "../../../scripts/local/clientConfig.ts";
import type { AwsJsonProxy } from "../../helpers/awsJsonProxy.ts";
import { createFifoQueue, drain, type Emulator, startProxiedEmulator } from "../../helpers/emulator.ts";
import { fixture } from "../../helpers/fixtures.ts";

const event = normalizeNotification(fixture("bandwidth/v1/orders-complete.xml"), "2026-01-02T03:04:05.000Z");
const raw = {
  route: "bandwidth-v1-notifications",
  source: event.source,
  eventId: event.id,
  receivedAt: "2026-01-02T03:04:05.000Z",
  headers: { "content-type": "application/xml" },
  bodyBase64: Buffer.from(fixture("bandwidth/v1/orders-complete.xml")).toString("base64"),
};
let emulator: Emulator;
let proxy: AwsJsonProxy;
let proxiedSendMessage: SendMessage;
let stop: () => Promise<void>;
beforeAll(async () => {
  ({ emulator, proxy, proxiedSendMessage, stop } = await startProxiedEmulator());
});
afterAll(() => stop());

/** A publisher sending through the recording proxy, recording the waits between its attempts instead of waiting. */
function proxiedPublisher(queueUrl: string) {
  const waits: number[] = [];
  const publisher = createPublisher(proxiedSendMessage, queueUrl, async (ms) => {
    waits.push(ms);
  });
  proxy.operations.length = 0;
  return { publisher, waits };
}

const THROTTLED = {
  status: 400,
  body: { __type: "com.amazonaws.sqs#RequestThrottled", message: "Rate exceeded" },
};

describe("createPublisher", () => {
  it("puts the event on the FIFO queue grouped by provider and order, deduplicated by event id", async () => {
    const queueUrl = await createFifoQueue(emulator.client, "publish");
    const publisher = createPublisher(emulator.sendMessage, queueUrl);
    await publisher.publish(event, Date.now() + 5000);
    await publisher.publish(event, Date.now() + 5000);
    const messages = await drain(emulator.client, queueUrl);
    expect(messages).toHaveLength(1);
    expect(JSON.parse(messages[0]?.Body ?? "")).toEqual(event);
    expect(messages[0]?.Attributes?.MessageGroupId).toBe("bandwidth:a8ef295b-fcf4-44a7-945c-0520c8f49123");
    expect(messages[0]?.Attributes?.MessageDeduplicationId).toBe(event.id);
    expect(messages[0]?.MessageAttributes?.type?.StringValue).toBe("order.status_changed");
  });

  it("carries the raw request in the binary `raw` attribute, which reads back as it was", async () => {
    const queueUrl = await createFifoQueue(emulator.client, "publish-raw");
    await createPublisher(emulator.sendMessage, queueUrl).publish(event, Date.now() + 5000, raw);
    const [message] = await drain(emulator.client, queueUrl);
    expect(message?.MessageAttributes?.raw?.DataType).toBe("Binary");
    expect(unpackRawRequest(message?.MessageAttributes?.raw?.BinaryValue ?? new Uint8Array())).toEqual(raw);
  });

  it("retries a queue it cannot reach until the deadline, then answers Unavailable", async () => {
    const waits: number[] = [];
    const publisher = createPublisher(
      sqsSendMessage(localServiceEnvironment("sqs", "http://127.0.0.1:1")),
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
  });

  it("retries a throttled send and a 5xx, then queues the event", async () => {
    const queueUrl = await createFifoQueue(emulator.client, "publish-throttled");
    const { publisher, waits } = proxiedPublisher(queueUrl);
    proxy.answerNext(THROTTLED, {
      status: 500,
      body: { __type: "InternalFailure", message: "unknown error" },
    });
    await publisher.publish(event, Date.now() + 5000);
    expect(proxy.operations).toEqual(["SendMessage", "SendMessage", "SendMessage"]);
    expect(waits).toHaveLength(2);
    expect(await drain(emulator.client, queueUrl)).toHaveLength(1);
  });

  it("keeps retrying a throttled queue until the deadline, then answers Unavailable with nothing queued", async () => {
    const queueUrl = await createFifoQueue(emulator.client, "publish-throttled-long");
    const { publisher, waits } = proxiedPublisher(queueUrl);
    proxy.answerNext(...Array.from({ length: 50 }, () => THROTTLED));
    const error = await publisher.publish(event, Date.now() + 300).catch((caught: unknown) => caught);
    proxy.forgetAnswers();
    expect(error).toBeInstanceOf(UnavailableError);
    expect(proxy.operations.length).toBeGreaterThanOrEqual(2);
    expect(proxy.operations).toHaveLength(waits.length + 1);
    expect(await drain(emulator.client, queueUrl)).toEqual([]);
  });

  it("gives up at once on an answer that will not change: access denied", async () => {
    const queueUrl = await createFifoQueue(emulator.client, "publish-denied");
    const { publisher, waits } = proxiedPublisher(queueUrl);
    // SQS's common errors: AccessDeniedException, HTTP 400 (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html).
    proxy.answerNext({
      status: 400,
      body: { __type: "AccessDeniedException", message: "not authorized to perform sqs:SendMessage" },
    });
    await expect(publisher.publish(event, Date.now() + 60_000)).rejects.toBeInstanceOf(UnavailableError);
    expect(proxy.operations).toEqual(["SendMessage"]);
    expect(waits).toEqual([]);
  });

  it("refuses an event larger than an SQS message without trying", async () => {
    const big = { ...event, data: { ...event.data, message: "x".repeat(1100 * 1024) } };
    const { publisher } = proxiedPublisher("unused");
    await expect(publisher.publish(big, Date.now() + 1000)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(proxy.operations).toEqual([]);
  });
});

describe("createPublisher with a request SQS will always refuse", () => {
  it("gives up at once instead of retrying until the deadline: a queue that does not exist", async () => {
    const waits: number[] = [];
    const missing = `${emulator.server.address}/000000000000/no-such-queue.fifo`;
    const publisher = createPublisher(emulator.sendMessage, missing, async (ms) => {
      waits.push(ms);
    });
    await expect(publisher.publish(event, Date.now() + 60_000)).rejects.toBeInstanceOf(UnavailableError);
    expect(waits).toEqual([]);
  });
});
