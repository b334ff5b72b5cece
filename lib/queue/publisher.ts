import { isRetryableAwsError } from "../aws/isRetryableAwsError.ts";
import { retry } from "../aws/retry.ts";
import type { SendMessage } from "../aws/sqs.ts";
import { PayloadTooLargeError, UnavailableError } from "../errors.ts";
import type { CanonicalEvent } from "../event/canonical.ts";
import { packRawRequest, type RawRequest } from "../http/rawRequest.ts";
import { logger } from "../log.ts";
import { asciiJson } from "./asciiJson.ts";
import { messageGroupId, sqsSafe } from "./messageGroup.ts";

/** SQS's message size limit (body and attributes; the template sets the queue to the 1 MiB maximum). */
export const SQS_MAX_MESSAGE_BYTES = 1024 * 1024;
const FIRST_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 1000;

export interface Publisher {
  /**
   * Makes the event durable on the FIFO queue, retrying until `deadline` (epoch ms); then
   * UnavailableError. The raw request, when given, travels along (compressed, in the `raw` message
   * attribute) so the fan-out can archive it in batches.
   */
  publish(event: CanonicalEvent, deadline: number, raw?: RawRequest): Promise<void>;
}

/**
 * Publishes canonical events to the events FIFO queue: MessageGroupId = provider + order id,
 * MessageDeduplicationId = event id (a provider's duplicate within SQS's 5-minute window is dropped).
 * Bandwidth v1 never retries a notification, so a failed send is retried here, with capped
 * exponential backoff and jitter, for as long as the caller's time budget allows. `sendMessage` is one
 * attempt: lib/aws/sqs.ts `sqsSendMessage` in the functions.
 */
export function createPublisher(
  sendMessage: SendMessage,
  queueUrl: string,
  sleep?: (ms: number) => Promise<void>,
): Publisher {
  return {
    async publish(event, deadline, raw) {
      const body = asciiJson(event);
      const packed = raw ? packRawRequest(raw) : undefined;
      if (Buffer.byteLength(body) + (packed?.length ?? 0) > SQS_MAX_MESSAGE_BYTES) {
        throw new PayloadTooLargeError("event too large to queue");
      }
      const input = {
        QueueUrl: queueUrl,
        MessageBody: body,
        MessageGroupId: messageGroupId(event),
        MessageDeduplicationId: sqsSafe(event.id),
        MessageAttributes: {
          type: { DataType: "String", StringValue: event.type },
          ...(packed ? { raw: { DataType: "Binary", BinaryValue: packed } } : {}),
        },
      };
      try {
        await retry(() => sendMessage(input), {
          firstMs: FIRST_BACKOFF_MS,
          maxMs: MAX_BACKOFF_MS,
          jitter: true,
          sleep,
          retryIf(error, attempt, wait) {
            const willRetry = Date.now() + wait < deadline && isRetryableAwsError(error);
            logger.warn("queue send failed", { eventId: event.id, attempt, willRetry, error });
            return willRetry;
          },
        });
      } catch (error) {
        throw new UnavailableError("event could not be queued, try again", { cause: error });
      }
    },
  };
}
