import { createHash } from "node:crypto";
import type { CanonicalEvent } from "../event/canonical.ts";
import { messageGroupId, sqsSafe } from "../queue/messageGroup.ts";

/**
 * One event on its way to one destination: the body of a message on the deliveries FIFO queue. The
 * first attempt and every retry of it is this same message, so it never leaves its place in line.
 */
export interface DeliveryMessage {
  destination: string;
  /** When the delivery was first queued (ISO 8601); the retry age limit counts from here. */
  queuedAt: string;
  event: CanonicalEvent;
}

/** A delivery given up on: what the dead-letter queue holds, and what redrive reads back. */
export interface DeadLetteredDelivery extends DeliveryMessage {
  deadLetter: {
    attempts: number;
    lastError: string;
    /** Whether the last failure was a retryable one (the retry budget ran out) or a refusal. */
    retryable: boolean;
    at: string;
  };
}

/**
 * The FIFO group of a delivery: destination + the event's order group. A delivery waiting to be
 * retried holds back the later events of its order for that destination only; other destinations
 * and other orders are separate groups and keep flowing.
 */
export function deliveryGroupId(destination: string, event: CanonicalEvent): string {
  return sqsSafe(`${destination}|${messageGroupId(event)}`);
}

/**
 * Deduplication id of a delivery. A fan-out of the same event that is repeated within SQS's
 * 5-minute window (a retried batch) is dropped by SQS; `attempt` distinguishes an intentional
 * re-send (redrive, replay).
 */
export function deliveryDeduplicationId(destination: string, eventId: string, attempt = ""): string {
  const id = `${destination}|${eventId}${attempt ? `|${attempt}` : ""}`;
  return sqsSafe(id.length <= 128 ? id : createHash("sha256").update(id).digest("hex"));
}

/** Reads a message body written by {@link DeliveryMessage}'s producers; throws when it is not one. */
export function parseDeliveryMessage(body: string): DeliveryMessage | DeadLetteredDelivery {
  const message = JSON.parse(body) as Partial<DeliveryMessage>;
  if (
    typeof message?.destination !== "string" ||
    typeof message.queuedAt !== "string" ||
    typeof message.event?.id !== "string"
  ) {
    throw new Error("not a delivery message");
  }
  return message as DeliveryMessage;
}
