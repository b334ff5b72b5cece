import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { PayloadTooLargeError, UnavailableError } from "../errors.ts";
import type { CanonicalEvent } from "../event/canonical.ts";
import { logger } from "../log.ts";
import { messageGroupId, sqsSafe } from "./messageGroup.ts";

/** SQS's message size limit. The body limit at ingest keeps events well below it. */
export const SQS_MAX_MESSAGE_BYTES = 256 * 1024;
const FIRST_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 1000;

export interface Publisher {
  /** Makes the event durable on the FIFO queue, retrying until `deadline` (epoch ms); then UnavailableError. */
  publish(event: CanonicalEvent, deadline: number): Promise<void>;
}

/**
 * Publishes canonical events to the events FIFO queue: MessageGroupId = provider + order id,
 * MessageDeduplicationId = event id (a provider's duplicate within SQS's 5-minute window is dropped).
 * Bandwidth v1 never retries a notification, so a failed send is retried here, with capped
 * exponential backoff and jitter, for as long as the caller's time budget allows.
 */
export function createPublisher(client: SQSClient, queueUrl: string, sleep = defaultSleep): Publisher {
  return {
    async publish(event, deadline) {
      const body = JSON.stringify(event);
      if (Buffer.byteLength(body) > SQS_MAX_MESSAGE_BYTES) {
        throw new PayloadTooLargeError("event too large to queue");
      }
      const command = new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: body,
        MessageGroupId: messageGroupId(event),
        MessageDeduplicationId: sqsSafe(event.id),
        MessageAttributes: { type: { DataType: "String", StringValue: event.type } },
      });
      let backoff = FIRST_BACKOFF_MS;
      for (let attempt = 1; ; attempt++) {
        try {
          await client.send(command);
          return;
        } catch (error) {
          const wait = Math.min(backoff, MAX_BACKOFF_MS) * (0.5 + Math.random() / 2);
          const outOfTime = Date.now() + wait >= deadline;
          logger.warn("queue send failed", { eventId: event.id, attempt, willRetry: !outOfTime, error });
          if (outOfTime) throw new UnavailableError("event could not be queued, try again", { cause: error });
          await sleep(wait);
          backoff *= 2;
        }
      }
    },
  };
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
