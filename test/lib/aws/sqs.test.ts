import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRetryableAwsError } from "../../../lib/aws/isRetryableAwsError.ts";
import type { SendMessage } from "../../../lib/aws/sqs.ts";
import { AwsRequestError } from "../../../lib/errors.ts";
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
