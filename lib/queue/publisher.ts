import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
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
 * exponential backoff and jitter, for as long as the caller's time budget allows.
 */
export function createPublisher(client: SQSClient, queueUrl: string, sleep = defaultSleep): Publisher {
  return {
    async publish(event, deadline, raw) {
      const body = asciiJson(event);
      const packed = raw ? packRawRequest(raw) : undefined;
      if (Buffer.byteLength(body) + (packed?.length ?? 0) > SQS_MAX_MESSAGE_BYTES) {
        throw new PayloadTooLargeError("event too large to queue");
      }
      const command = new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: body,
        MessageGroupId: messageGroupId(event),
        MessageDeduplicationId: sqsSafe(event.id),
        MessageAttributes: {
          type: { DataType: "String", StringValue: event.type },
          ...(packed ? { raw: { DataType: "Binary", BinaryValue: packed } } : {}),
        },
      });
      let backoff = FIRST_BACKOFF_MS;
      for (let attempt = 1; ; attempt++) {
        try {
          await client.send(command);
          return;
        } catch (error) {
          const wait = Math.min(backoff, MAX_BACKOFF_MS) * (0.5 + Math.random() / 2);
          const giveUp = Date.now() + wait >= deadline || isPermanent(error);
          logger.warn("queue send failed", { eventId: event.id, attempt, willRetry: !giveUp, error });
          if (giveUp) throw new UnavailableError("event could not be queued, try again", { cause: error });
          await sleep(wait);
          backoff *= 2;
        }
      }
    },
  };
}

/**
 * An error SQS will answer the same way however often we ask (a 4xx other than throttling: a
 * missing queue, a refused parameter). Network errors, 5xx and throttling are worth retrying.
 */
function isPermanent(error: unknown): boolean {
  const { $fault, name } = (error ?? {}) as { $fault?: string; name?: string };
  return $fault === "client" && !/throttl/i.test(name ?? "");
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
