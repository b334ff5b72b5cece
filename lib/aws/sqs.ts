import { createHash } from "node:crypto";
import type { MessageAttributeValue, SendMessageRequest, SendMessageResult } from "@aws-sdk/client-sqs";
import { AwsRequestError } from "../errors.ts";
import { type RequestTimeouts, signedJsonRequest } from "./signedJsonRequest.ts";

/** One SQS SendMessage call, one attempt: the caller retries (lib/queue/publisher.ts, until its deadline). */
export type SendMessage = (input: SendMessageRequest) => Promise<SendMessageResult>;

const SEND_MESSAGE = { service: "sqs", target: "AmazonSQS.SendMessage", jsonVersion: "1.0" } as const;

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
      { ...input, MessageAttributes: input.MessageAttributes && onTheWire(input.MessageAttributes) },
      env,
      PUBLISH_TIMEOUTS,
    );
    if (
      answer.MD5OfMessageBody !==
      createHash("md5")
        .update(input.MessageBody ?? "")
        .digest("hex")
    )
      throw new AwsRequestError(SEND_MESSAGE.target, "the answer's MD5OfMessageBody is not the body's");
    return answer;
  };
}

/** Message attributes as the JSON protocol carries them: binary values in base64. */
function onTheWire(attributes: Record<string, MessageAttributeValue>) {
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
