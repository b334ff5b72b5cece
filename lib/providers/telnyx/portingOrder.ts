import type { CanonicalEventType } from "../../event/canonical.ts";
import { arrayOf, isObject, objectOf, stringOf } from "../../json/parseJsonObject.ts";
import { lookup } from "../lookup.ts";
import { present } from "../present.ts";
import { factsOf, type TelnyxFacts } from "./facts.ts";
import type { TelnyxEnvelope } from "./parseEnvelope.ts";
import { MESSAGING_PORT_STATUSES, PORTING_ORDER_STATUSES, statusIn } from "./statuses.ts";

/** Every porting event type (telnyx-node `src/resources/porting/events.ts`, `EventListParams.Filter.type`). */
const TYPES: Readonly<Record<string, CanonicalEventType>> = {
  "porting_order.status_changed": "port_in.status_changed",
  "porting_order.new_comment": "port_in.note_added",
  "porting_order.split": "port_in.split",
  "porting_order.messaging_changed": "port_in.updated",
  "porting_order.deleted": "port_in.status_changed",
  "porting_order.loa_updated": "port_in.updated",
  "porting_order.sharing_token_expired": "port_in.updated",
};

/**
 * `porting_order.*` — port-ins (docs/providers.md#telnyx-event-types, Telnyx "Port-in notifications"). The
 * order id is `payload.id`, except for comments (`porting_order_id`) and splits (`from.id`, the order numbers
 * were split off); events without a payload may name the order at the top level.
 */
export function portingOrderFacts(envelope: TelnyxEnvelope): TelnyxFacts {
  const { eventType, payload } = envelope;
  const statusNode = objectOf(payload, "status");
  const reasons = arrayOf(statusNode, "details").filter(isObject);
  const comment = objectOf(payload, "comment");
  const deleted = eventType === "porting_order.deleted";
  const providerStatus = deleted ? "deleted" : stringOf(statusNode, "value");
  const orderId =
    stringOf(payload, "id") ??
    stringOf(payload, "porting_order_id") ??
    stringOf(objectOf(payload, "from"), "id") ??
    stringOf(envelope.event, "porting_order_id");
  const messaging = objectOf(payload, "messaging");
  const messagingPortStatus = stringOf(messaging, "messaging_port_status");
  const moved = arrayOf(payload, "porting_phone_numbers")
    .filter(isObject)
    .map((entry) => stringOf(entry, "id"));
  return factsOf({
    type: lookup(TYPES, eventType) ?? "telnyx.unrecognized",
    orderKind: "port_in",
    providerOrderType: "porting_order",
    orderId,
    // A deleted draft is gone for good: Telnyx says so with the event type, not a status value.
    status: deleted
      ? "cancelled"
      : providerStatus === null
        ? null
        : statusIn(PORTING_ORDER_STATUSES, providerStatus),
    providerStatus,
    customerReference: stringOf(payload, "customer_reference"),
    message: reasons.length > 0 ? reasons.map((reason) => stringOf(reason, "description")).join("; ") : null,
    note: stringOf(comment, "body"),
    details: present({
      exceptionCodes: reasons.length > 0 ? reasons.map((reason) => stringOf(reason, "code")) : null,
      supportKey: stringOf(payload, "support_key"),
      updatedAt: stringOf(payload, "updated_at"),
      deletedAt: stringOf(payload, "deleted_at"),
      commentId: stringOf(comment, "id"),
      commentAuthorType: stringOf(comment, "user_type"),
      splitFrom: stringOf(objectOf(payload, "from"), "id"),
      splitTo: stringOf(objectOf(payload, "to"), "id"),
      messagingCapable: messaging?.messaging_capable,
      messagingEnabled: messaging?.enable_messaging,
      // The porting phone numbers `porting_order.split` moved to the new order (`porting_phone_numbers[].id`).
      movedPortingPhoneNumberIds: moved.length > 0 ? moved : null,
      messagingPortCompleted: messaging?.messaging_port_completed,
      messagingPortStatus,
      messagingStatus: messagingStatusOf(messagingPortStatus),
    }),
  });
}

/** The messaging port's canonical status; none when Telnyx says there is nothing to port (`not_applicable`). */
function messagingStatusOf(value: string | null) {
  return value === null || value === "not_applicable" ? null : statusIn(MESSAGING_PORT_STATUSES, value);
}
