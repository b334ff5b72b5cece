import { createHash } from "node:crypto";
import type { CanonicalEvent } from "../event/canonical.ts";

/** SQS allows 128 characters from this set in MessageGroupId and MessageDeduplicationId. */
const ALLOWED = /^[\x21-\x7e]{1,128}$/;

/**
 * The FIFO group of an event: provider + order id, so the events of one order are processed in the
 * order they were received and different orders never wait for each other. Events without an order
 * (MESSAGING_LOST) are grouped by their first number.
 */
export function messageGroupId(event: CanonicalEvent): string {
  const key = event.data.orderId ?? event.data.phoneNumbers[0] ?? event.type;
  return sqsSafe(`${event.data.provider}:${key}`);
}

/** Keeps a value usable as an SQS FIFO id: as is when allowed, otherwise a hash of it. */
export function sqsSafe(value: string): string {
  return ALLOWED.test(value) ? value : createHash("sha256").update(value).digest("hex");
}
