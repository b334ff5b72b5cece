import type { SQSRecord } from "aws-lambda";
import type { CanonicalEvent } from "../event/canonical.ts";
import { isCanonicalEvent } from "../event/isCanonicalEvent.ts";

/** The canonical event carried by a queue record. Only our own publisher writes to the queue. */
export function eventOfRecord(record: SQSRecord): CanonicalEvent {
  const event: unknown = JSON.parse(record.body);
  if (!isCanonicalEvent(event)) {
    throw new Error(`record ${record.messageId} is not a canonical event`);
  }
  return event;
}
