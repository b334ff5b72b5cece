import { createHash } from "node:crypto";

/** The ids the schema allows (`canonical-event.v1.schema.json`): 1 to 128 printable ASCII characters. */
const SCHEMA_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * A provider's own event id made a canonical event id: as is when the schema allows it, otherwise
 * the SHA-256 hex of it, so a redelivery still gets the same id. (The schema takes SQS's rule for
 * deduplication ids, which is what lets the queue deduplicate on the event id.)
 */
export function eventIdOf(providerId: string): string {
  return SCHEMA_ID.test(providerId) ? providerId : createHash("sha256").update(providerId).digest("hex");
}
