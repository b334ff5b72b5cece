import type { SQSRecord } from "aws-lambda";
import type { CanonicalEvent } from "../event/canonical.ts";

/** The canonical event carried by a queue record. Only our own publisher writes to the queue. */
export function eventOfRecord(record: SQSRecord): CanonicalEvent {
  const event = JSON.parse(record.body) as CanonicalEvent;
  if (event?.specversion !== "1.0" || typeof event.id !== "string") {
    throw new Error(`record ${record.messageId} is not a canonical event`);
  }
  return event;
}
