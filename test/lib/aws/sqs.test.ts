import { createHash } from "node:crypto";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRetryableAwsError } from "../../../lib/aws/isRetryableAwsError.ts";
import { type SendMessage, sqs } from "../../../lib/aws/sqs.ts";
import { AwsRequestError } from "../../../lib/errors.ts";
import { localServiceEnvironment } from "../../../scripts/local/clientConfig.ts";
import type { AwsJsonProxy } from "../../helpers/awsJsonProxy.ts";
import { createFifoQueue, drain, type Emulator, startProxiedEmulator } from "../../helpers/emulator.ts";

let emulator: Emulator;
let proxy: AwsJsonProxy;
/** SendMessage against the embedded emulator through the recording proxy. */
let sendMessage: SendMessage;
let stop: () => Promise<void>;
beforeAll(async () => {
  ({ emulator, proxy, proxiedSendMessage: sendMessage, stop } = await startProxiedEmulator());
});
afterAll(() => stop());
const BINARY = Uint8Array.from([0, 255, 10, 128, 31]);

describe("sqsSendMessage over a signed AWS JSON 1.0 request", () => {
  it("sends the operation, the JSON body with binary attributes in base64, and a SigV4 signature", async () => {
    const queueUrl = await createFifoQueue(emulator.client, "signed-wire");
    const input = {
      QueueUrl: queueUrl,
      MessageBody: '{"id":"e-1","note":"ünïcode ✓"}',
      MessageGroupId: "bandwidth:order-1",
      MessageDeduplicationId: "e-1",
      MessageAttributes: {
        type: { DataType: "String", StringValue: "order.status_changed" },
        raw: { DataType: "Binary", BinaryValue: BINARY },
      },
    };
    const answer = await sendMessage(input);

    const headers = proxy.headers.at(-1) ?? {};
    expect(headers["x-amz-target"]).toBe("AmazonSQS.SendMessage");
    expect(headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(headers["x-amz-date"]).toMatch(/^\d{8}T\d{6}Z$/);
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/us-east-1\/sqs\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/,
    );
    // The signed payload hash is the body's: what SQS checks the signature against.
    expect(headers["x-amz-content-sha256"]).toBe(
      createHash("sha256")
        .update(proxy.bodies.at(-1) ?? "")
        .digest("hex"),
    );
    expect(JSON.parse(proxy.bodies.at(-1) ?? "{}")).toEqual({
      ...input,
      MessageAttributes: {
        type: { DataType: "String", StringValue: "order.status_changed" },
        raw: { DataType: "Binary", BinaryValue: "AP8KgB8=" },
      },
    });
    expect(answer.MD5OfMessageBody).toBe(createHash("md5").update(input.MessageBody).digest("hex"));
    expect(answer.MessageId).toEqual(expect.any(String));
  });

  it("puts the message on a FIFO queue unchanged, and SQS drops a second one with the same deduplication id", async () => {
    const queueUrl = await createFifoQueue(emulator.client, "signed-roundtrip");
    const send = (body: string) =>
      sendMessage({
        QueueUrl: queueUrl,
        MessageBody: body,
        MessageGroupId: "telnyx:order-2",
        MessageDeduplicationId: "event-2",
        MessageAttributes: {
          type: { DataType: "String", StringValue: "port_in.status_changed" },
          raw: { DataType: "Binary", BinaryValue: BINARY },
        },
      });
    const first = await send('{"id":"event-2"}');
    const second = await send('{"id":"event-2","again":true}');
    expect(second.MessageId).toBe(first.MessageId);

    const messages = await drain(emulator.client, queueUrl);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.Body).toBe('{"id":"event-2"}');
    expect(messages[0]?.Attributes).toMatchObject({
      MessageGroupId: "telnyx:order-2",
      MessageDeduplicationId: "event-2",
    });
    expect(messages[0]?.MessageAttributes?.type).toMatchObject({
      DataType: "String",
      StringValue: "port_in.status_changed",
    });
    expect(messages[0]?.MessageAttributes?.raw?.DataType).toBe("Binary");
    expect(Buffer.from(messages[0]?.MessageAttributes?.raw?.BinaryValue ?? [])).toEqual(Buffer.from(BINARY));
  });

  it("throws SQS's error typed by its __type, once, and not as retryable: a queue that does not exist", async () => {
    proxy.operations.length = 0;
    const error = await sendMessage({
      QueueUrl: `${emulator.server.address}/000000000000/no-such-queue.fifo`,
      MessageBody: "{}",
      MessageGroupId: "g",
      MessageDeduplicationId: "d",
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AwsRequestError);
    expect(error).toMatchObject({ type: "QueueDoesNotExist", status: 400 });
    expect(isRetryableAwsError(error)).toBe(false);
    expect(proxy.operations).toEqual(["SendMessage"]);
  });

  it("makes one attempt only: a 5xx is thrown for the caller to retry", async () => {
    const queueUrl = await createFifoQueue(emulator.client, "signed-once");
    proxy.operations.length = 0;
    proxy.answerNext({ status: 500, body: { __type: "InternalFailure", message: "unknown error" } });
    const error = await sendMessage({
      QueueUrl: queueUrl,
      MessageBody: "{}",
      MessageGroupId: "g",
      MessageDeduplicationId: "d",
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ type: "InternalFailure", status: 500 });
    expect(isRetryableAwsError(error)).toBe(true);
    expect(proxy.operations).toEqual(["SendMessage"]);
  });

  it("throws a retryable error when the answer's MD5OfMessageBody is not the body's", async () => {
    proxy.answerNext({
      status: 200,
      body: { MessageId: "m-1", MD5OfMessageBody: createHash("md5").update("another body").digest("hex") },
    });
    const error = await sendMessage({
      QueueUrl: `${emulator.server.address}/000000000000/any.fifo`,
      MessageBody: "{}",
      MessageGroupId: "g",
      MessageDeduplicationId: "d",
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AwsRequestError);
    expect((error as Error).message).toMatch(/MD5OfMessageBody/);
    expect(isRetryableAwsError(error)).toBe(true);
  });
});

describe("sqs(): the fan-out's and deliver's calls over signed AWS JSON 1.0 requests", () => {
  /** The own-queues calls, through the recording proxy. */
  const calls = () => sqs("ownQueues", localServiceEnvironment("sqs", proxy.url));
  const entry = (id: string, body: string, group = "crm|bandwidth:order-1") => ({
    Id: id,
    MessageBody: body,
    MessageGroupId: group,
    MessageDeduplicationId: `dedup-${id}-${body.length}`,
  });

  it("sends a batch in one SendMessageBatch: the entries arrive in order with their group, deduplication id and attributes", async () => {
    const queueUrl = await createFifoQueue(emulator.client, "calls-batch");
    proxy.operations.length = 0;
    const answer = await calls().sendMessageBatch({
      QueueUrl: queueUrl,
      Entries: [
        { ...entry("0", '{"n":1}'), MessageAttributes: { raw: { DataType: "Binary", BinaryValue: BINARY } } },
        entry("1", '{"n":2}'),
        entry("2", '{"n":3}', "crm|bandwidth:order-2"),
      ],
    });
    expect(proxy.operations).toEqual(["SendMessageBatch"]);
    expect(proxy.headers.at(-1)?.["x-amz-target"]).toBe("AmazonSQS.SendMessageBatch");
    const sent = JSON.parse(proxy.bodies.at(-1) ?? "{}");
    expect(sent.Entries[0].MessageAttributes).toEqual({
      raw: { DataType: "Binary", BinaryValue: "AP8KgB8=" },
    });
    expect(answer.Successful?.map((taken) => taken.Id)).toEqual(["0", "1", "2"]);
    expect(answer.Failed ?? []).toEqual([]);

    // In order within a group (FIFO queues order only within one).
    const messages = await drain(emulator.client, queueUrl);
    const bodiesOf = (group: string) =>
      messages
        .filter((message) => message.Attributes?.MessageGroupId === group)
        .map((message) => message.Body);
    expect(bodiesOf("crm|bandwidth:order-1")).toEqual(['{"n":1}', '{"n":2}']);
    expect(bodiesOf("crm|bandwidth:order-2")).toEqual(['{"n":3}']);
    const first = messages.find((message) => message.Body === '{"n":1}');
    expect(first?.Attributes?.MessageDeduplicationId).toBe("dedup-0-7");
    expect(Buffer.from(first?.MessageAttributes?.raw?.BinaryValue ?? [])).toEqual(Buffer.from(BINARY));
  });

  it("reports an entry SQS refused in Failed with its Id, Code and SenderFault, and the others are queued", async () => {
    const queueUrl = await createFifoQueue(emulator.client, "calls-partial");
    // U+0000 is outside the characters SQS accepts in a message body: InvalidMessageContents.
    const answer = await calls().sendMessageBatch({
      QueueUrl: queueUrl,
      Entries: [entry("0", "fine"), entry("1", "\u0000 not fine"), entry("2", "fine too")],
    });
    expect(answer.Successful?.map((taken) => taken.Id)).toEqual(["0", "2"]);
    expect(answer.Failed).toEqual([
      expect.objectContaining({ Id: "1", Code: "InvalidMessageContents", SenderFault: true }),
    ]);
    expect((await drain(emulator.client, queueUrl)).map((message) => message.Body)).toEqual([
      "fine",
      "fine too",
    ]);
  });

  it("tries a 5xx again, as the SDK's standard retries do: the batch is queued once", async () => {
    const queueUrl = await createFifoQueue(emulator.client, "calls-retried");
    proxy.operations.length = 0;
    proxy.answerNext({
      status: 500,
      body: { __type: "com.amazonaws.sqs#InternalError", message: "try again" },
    });
    const answer = await calls().sendMessageBatch({ QueueUrl: queueUrl, Entries: [entry("0", "once")] });
    expect(proxy.operations).toEqual(["SendMessageBatch", "SendMessageBatch"]);
    expect(answer.Successful?.map((taken) => taken.Id)).toEqual(["0"]);
    expect((await drain(emulator.client, queueUrl)).map((message) => message.Body)).toEqual(["once"]);
  });

  it("gives up after three throttled attempts, with an error worth retrying later", async () => {
    proxy.operations.length = 0;
    const throttled = {
      status: 400,
      body: { __type: "com.amazonaws.sqs#RequestThrottled", message: "slow down" },
    };
    proxy.answerNext(throttled, throttled, throttled);
    const error = await calls()
      .sendMessageBatch({
        QueueUrl: `${emulator.server.address}/000000000000/any.fifo`,
        Entries: [entry("0", "x")],
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ type: "RequestThrottled", status: 400 });
    expect(isRetryableAwsError(error)).toBe(true);
    expect(proxy.operations).toEqual(["SendMessageBatch", "SendMessageBatch", "SendMessageBatch"]);
  });

  it("does not try again what will not fix itself: a queue that does not exist, once, not retryable", async () => {
    proxy.operations.length = 0;
    const error = await calls()
      .sendMessage({
        QueueUrl: `${emulator.server.address}/000000000000/no-such-queue.fifo`,
        MessageBody: "{}",
        MessageGroupId: "g",
        MessageDeduplicationId: "d",
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ type: "QueueDoesNotExist", status: 400 });
    expect(isRetryableAwsError(error)).toBe(false);
    expect(proxy.operations).toEqual(["SendMessage"]);
  });

  it("fails a batch, as retryable, when the MD5 SQS answers for an entry it took is not that entry's body's", async () => {
    const md5 = (text: string) => createHash("md5").update(text).digest("hex");
    proxy.answerNext({
      status: 200,
      body: {
        Successful: [
          { Id: "0", MessageId: "m-0", MD5OfMessageBody: md5("first") },
          { Id: "1", MessageId: "m-1", MD5OfMessageBody: md5("not the second") },
        ],
        Failed: [],
      },
    });
    const error = await calls()
      .sendMessageBatch({
        QueueUrl: `${emulator.server.address}/000000000000/any.fifo`,
        Entries: [entry("0", "first"), entry("1", "second")],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AwsRequestError);
    expect((error as Error).message).toMatch(/MD5OfMessageBody is not the body's \(1 of 2 entries\)/);
    expect(isRetryableAwsError(error)).toBe(true);
  });

  it("changes a received message's visibility: at 0 it is handed out again at once", async () => {
    const queueUrl = await createFifoQueue(emulator.client, "calls-visibility");
    await calls().sendMessage({
      QueueUrl: queueUrl,
      MessageBody: "held",
      MessageGroupId: "g",
      MessageDeduplicationId: "d",
    });
    const receive = () =>
      emulator.client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 300 }));
    const [received] = (await receive()).Messages ?? [];
    expect((await receive()).Messages ?? []).toEqual([]);
    proxy.operations.length = 0;
    await calls().changeMessageVisibility({
      QueueUrl: queueUrl,
      ReceiptHandle: received?.ReceiptHandle,
      VisibilityTimeout: 0,
    });
    expect(proxy.operations).toEqual(["ChangeMessageVisibility"]);
    expect(((await receive()).Messages ?? []).map((message) => message.Body)).toEqual(["held"]);
  });

  describe("a destination queue, which may be in another region", () => {
    const credentials = {
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
    };
    /** The emulator's queue, named by a URL whose host is the proxy's. */
    const atProxy = (queueUrl: string) => queueUrl.replace(new URL(queueUrl).origin, proxy.url);

    it("is sent to at its queue URL's host when no endpoint is configured", async () => {
      const queueUrl = await createFifoQueue(emulator.client, "calls-url-host");
      proxy.operations.length = 0;
      await sqs("destination", credentials).sendMessage({
        QueueUrl: atProxy(queueUrl),
        MessageBody: "by the URL's host",
        MessageGroupId: "g",
        MessageDeduplicationId: "d",
      });
      expect(proxy.operations).toEqual(["SendMessage"]);
      expect(proxy.headers.at(-1)?.host).toBe(new URL(proxy.url).host);
      expect((await drain(emulator.client, queueUrl)).map((message) => message.Body)).toEqual([
        "by the URL's host",
      ]);
    });

    it("is sent to the configured endpoint when there is one (AWS_ENDPOINT_URL_SQS: the emulator locally)", async () => {
      const queueUrl = await createFifoQueue(emulator.client, "calls-configured");
      proxy.operations.length = 0;
      await sqs("destination", { ...credentials, AWS_ENDPOINT_URL_SQS: emulator.server.address }).sendMessage(
        {
          QueueUrl: atProxy(queueUrl),
          MessageBody: "by the configured endpoint",
          MessageGroupId: "g",
          MessageDeduplicationId: "d",
        },
      );
      expect(proxy.operations).toEqual([]);
      expect((await drain(emulator.client, queueUrl)).map((message) => message.Body)).toEqual([
        "by the configured endpoint",
      ]);
    });
  });
});
