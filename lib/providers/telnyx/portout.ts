import type { CanonicalEventType } from "../../event/canonical.ts";
import { arrayOf, stringOf } from "../../json/parseJsonObject.ts";
import { lookup } from "../lookup.ts";
import { present } from "../present.ts";
import { factsOf, type TelnyxFacts } from "./facts.ts";
import { readNumbers } from "./numbers.ts";
import { PORTOUT_STATUSES, statusIn } from "./statuses.ts";

/** Every port-out event type (telnyx-node `src/resources/portouts/events.ts` `PortoutEvent.event_type`). */
const TYPES: Readonly<Record<string, CanonicalEventType>> = {
  "portout.status_changed": "port_out.status_changed",
  "portout.new_comment": "port_out.note_added",
  "portout.foc_date_changed": "port_out.foc_date_changed",
};

/**
 * `portout.*` (docs/providers.md#telnyx-event-types, Telnyx "Port-out notifications"). A comment's `id` is
 * the comment's own; its port-out is `portout_id`.
 */
export function portoutFacts(eventType: string, payload: Record<string, unknown> | null): TelnyxFacts {
  const comment = eventType === "portout.new_comment";
  const providerStatus = stringOf(payload, "status");
  const numbers = readNumbers(
    arrayOf(payload, "phone_numbers").map((value) => ({ value })),
    (value) => statusIn(PORTOUT_STATUSES, value),
  );
  return factsOf({
    type: lookup(TYPES, eventType) ?? "telnyx.unrecognized",
    orderKind: "port_out",
    providerOrderType: "portout",
    orderId: comment ? stringOf(payload, "portout_id") : stringOf(payload, "id"),
    status: providerStatus === null ? null : statusIn(PORTOUT_STATUSES, providerStatus),
    providerStatus,
    phoneNumbers: numbers.phoneNumbers,
    message: stringOf(payload, "rejection_reason"),
    note: comment ? stringOf(payload, "comment") : null,
    details: present({
      focDate: stringOf(payload, "foc_date"),
      carrierName: stringOf(payload, "carrier_name"),
      spid: stringOf(payload, "spid"),
      subscriberName: stringOf(payload, "subscriber_name"),
      userId: stringOf(payload, "user_id"),
      commentId: comment ? stringOf(payload, "id") : null,
      unreadablePhoneNumbers: numbers.unreadable.length > 0 ? numbers.unreadable : null,
    }),
  });
}
