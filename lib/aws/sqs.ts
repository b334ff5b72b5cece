import { createHash } from "node:crypto";
import type {
  ChangeMessageVisibilityRequest,
  MessageAttributeValue,
  SendMessageBatchRequest,
  SendMessageBatchRequestEntry,
  SendMessageBatchResult,
  SendMessageRequest,
  SendMessageResult,
} from "@aws-sdk/client-sqs";
import { AwsRequestError } from "../errors.ts";
import {
  type AwsJsonOperation,
  type RequestTimeouts,
  retriedJsonRequest,
  signedJsonRequest,
} from "./signedJsonRequest.ts";
import { sqsEndpointOf } from "./sqsEndpoint.ts";

/** One SQS SendMessage call, one attempt: the caller retries (lib/queue/publisher.ts, until its deadline). */
export type SendMessage = (input: SendMessageRequest) => Promise<SendMessageResult>;

/** An SQS operation over AWS JSON 1.0 (`X-Amz-Target: AmazonSQS.<action>`). */
function operation(action: string): AwsJsonOperation {
  return { service: "sqs", target: `AmazonSQS.${action}`, jsonVersion: "1.0" };
}
const SEND_MESSAGE = operation("SendMessage");
const SEND_MESSAGE_BATCH = operation("SendMessageBatch");
const CHANGE_MESSAGE_VISIBILITY = operation("ChangeMessageVisibility");

/**
 * Short timeouts, since the publisher tries again until its caller's deadline rather than wait on
 * one attempt: the settings the publisher's SDK client had (connect 1 s, request 3 s).
 */
const PUBLISH_TIMEOUTS: RequestTimeouts = { connectMs: 1_000, idleMs: 3_000 };

/**
 * SQS SendMessage over one signed AWS JSON 1.0 request (`X-Amz-Target: AmazonSQS.SendMessage`,
 * `Content-Type: application/x-amz-json-1.0`, POST `/` on the SQS endpoint:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-json.html),
 * the protocol @aws-sdk/client-sqs speaks too, instead of that client: its middleware, serializers and
 * HTTP handler were half of the local runtime's time per ingested webhook (docs/local-development.md),
 * and it is the whole of the ingest bundles' SQS code. The endpoint is `AWS_ENDPOINT_URL_SQS` when set (the
 * embedded emulator locally), else `sqs.<region>.amazonaws.com`; the queue is named by `QueueUrl` in the
 * body, so the request goes to the configured endpoint, never to the queue URL's host.
 *
 * A `Binary` attribute's bytes travel in base64, as every blob does in the JSON protocols
 * (https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html, "blob"). An error answer is thrown as
 * AwsRequestError typed by its `__type` without the namespace (`com.amazonaws.sqs#QueueDoesNotExist` →
 * `QueueDoesNotExist`), with its status; SQS also names the error in the `x-amzn-query-error` header by its
 * older query-protocol code and fault (`AWS.SimpleQueueService.NonExistentQueue;Sender`,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-api-responses.html),
 * which adds nothing the type and the status do not already say, so it is not read. What is worth
 * trying again is lib/aws/isRetryableAwsError.ts's call, as for the SDK's errors.
 *
 * The answer's `MD5OfMessageBody` is checked against the body sent, as the SDK does by default
 * (@aws-sdk/middleware-sdk-sqs, send-message middleware): the MD5 of a 5 KB body took 13 µs on the
 * shared 2-core machine, about 1 % of a local ingest request's time.
 * A mismatch is thrown as an AwsRequestError without status, which is retryable, as the SDK's
 * checksum error is: the message may not be what was sent, and a FIFO queue drops the copy sent again
 * under the same deduplication id if the first was right after all.
 */
export function sqsSendMessage(env: NodeJS.ProcessEnv = process.env): SendMessage {
  return async (input) => {
    const answer = await signedJsonRequest<SendMessageResult>(
      SEND_MESSAGE,
      onTheWire(input),
      env,
      PUBLISH_TIMEOUTS,
    );
    checkBodies(SEND_MESSAGE, [{ body: input.MessageBody, md5: answer.MD5OfMessageBody }]);
    return answer;
  };
}

/** The SQS calls of the fan-out and deliver functions, on their own queues and on SQS destinations. */
export interface Sqs {
  /** One SendMessage. */
  sendMessage(input: SendMessageRequest): Promise<SendMessageResult>;
  /**
   * One SendMessageBatch (at most 10 entries). SQS takes or refuses each entry on its own: the answer
   * lists the entries taken in `Successful` and the others in `Failed`, each with its `Id`, a `Code`
   * and whether the sender is at fault (`SenderFault`: sending it again as it is will not help)
   * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html,
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_BatchResultErrorEntry.html).
   */
  sendMessageBatch(input: SendMessageBatchRequest): Promise<SendMessageBatchResult>;
  /**
   * Hides a received message for `VisibilityTimeout` seconds (0 to 43,200) from now on; the answer has
   * no body (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html).
   */
  changeMessageVisibility(input: ChangeMessageVisibilityRequest): Promise<void>;
}

/**
 * Which queues an {@link Sqs} is for. `ownQueues`: the function's own queues, in its account and
 * region, at the configured endpoint. `destination`: a queue anywhere, at its queue URL's host
 * (lib/aws/sqsEndpoint.ts) unless an endpoint is configured.
 */
export type SqsUse = "ownQueues" | "destination";

/**
 * SQS for the fan-out and deliver functions, over signed AWS JSON 1.0 requests as {@link sqsSendMessage}
 * (the wire format, the errors, the MD5 check), instead of @aws-sdk/client-sqs: that client was the
 * largest part of the fan-out's CPU per batch and of both functions' cold start (`npm run bench`). A
 * throttled, 5xx or unanswered call is tried three times with backoff, as the SDK's standard retry mode
 * does (lib/aws/signedJsonRequest.ts, retriedJsonRequest); entries a batch refused one by one come back in
 * `Failed` for the caller, which the SDK does not retry either. Each body SQS says it took is checked
 * against the MD5 in the answer, as the SDK does for SendMessage and SendMessageBatch
 * (@aws-sdk/middleware-sdk-sqs): a mismatch fails the whole call with a retryable AwsRequestError, as
 * the SDK's "Invalid MD5 checksum" error does.
 */
export function sqs(use: SqsUse, env: NodeJS.ProcessEnv = process.env): Sqs {
  const call = <T>(action: AwsJsonOperation, input: { QueueUrl?: string | undefined }) =>
    retriedJsonRequest<T>(
      action,
      input,
      env,
      use === "destination" && input.QueueUrl ? sqsEndpointOf(input.QueueUrl, env) : undefined,
    );
  return {
    async sendMessage(input) {
      const answer = await call<SendMessageResult>(SEND_MESSAGE, onTheWire(input));
      checkBodies(SEND_MESSAGE, [{ body: input.MessageBody, md5: answer.MD5OfMessageBody }]);
      return answer;
    },
    async sendMessageBatch(input) {
      const wire = { ...input, Entries: input.Entries?.map(onTheWire) };
      const answer = await call<SendMessageBatchResult>(SEND_MESSAGE_BATCH, wire);
      const sent = new Map(input.Entries?.map((entry) => [entry.Id, entry.MessageBody]));
      checkBodies(
        SEND_MESSAGE_BATCH,
        (answer.Successful ?? []).map((entry) => ({ body: sent.get(entry.Id), md5: entry.MD5OfMessageBody })),
      );
      return answer;
    },
    async changeMessageVisibility(input) {
      await call(CHANGE_MESSAGE_VISIBILITY, input);
    },
  };
}

/**
 * SendMessageBatch takes at most 10 entries. AWS's API reference now allows 1 MiB in all, as for one
 * message (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html),
 * while the China regions' copy still says 256 KiB
 * (https://docs.amazonaws.cn/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html):
 * groups of at most 256 KiB fit both. A batch of ordinary events is a few KiB, so the smaller cap only
 * adds requests for large orders.
 */
const MAX_BATCH_ENTRIES = 10;
const MAX_BATCH_BYTES = 256 * 1024;

/**
 * `items` in order, cut into SendMessageBatch-sized groups by their message bodies (`bodyOf`). An item
 * larger than a batch on its own is a group of one, for SQS to judge.
 */
export function sendMessageBatches<T>(items: readonly T[], bodyOf: (item: T) => string | undefined): T[][] {
  const batches: T[][] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(bodyOf(item) ?? "");
    const last = batches.at(-1);
    if (!last || last.length === MAX_BATCH_ENTRIES || bytes + size > MAX_BATCH_BYTES) {
      batches.push([item]);
      bytes = size;
    } else {
      last.push(item);
      bytes += size;
    }
  }
  return batches;
}

/** Throws a retryable AwsRequestError when the MD5 SQS answered for a body it took is not that body's. */
function checkBodies(
  action: AwsJsonOperation,
  taken: { body: string | undefined; md5: string | undefined }[],
) {
  const wrong = taken.filter(
    ({ body, md5 }) =>
      md5 !==
      createHash("md5")
        .update(body ?? "")
        .digest("hex"),
  );
  if (wrong.length > 0)
    throw new AwsRequestError(
      action.target,
      `the answer's MD5OfMessageBody is not the body's${taken.length > 1 ? ` (${wrong.length} of ${taken.length} entries)` : ""}`,
    );
}

/** A message (or batch entry) as the JSON protocol carries it: binary attribute values in base64. */
function onTheWire<T extends SendMessageRequest | SendMessageBatchRequestEntry>(message: T) {
  return message.MessageAttributes
    ? { ...message, MessageAttributes: attributesOnTheWire(message.MessageAttributes) }
    : message;
}

function attributesOnTheWire(attributes: Record<string, MessageAttributeValue>) {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, { BinaryValue, ...value }]) => [
      name,
      BinaryValue
        ? {
            ...value,
            BinaryValue: Buffer.from(
              BinaryValue.buffer,
              BinaryValue.byteOffset,
              BinaryValue.byteLength,
            ).toString("base64"),
          }
        : value,
    ]),
  );
}
