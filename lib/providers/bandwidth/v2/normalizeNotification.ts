import { buildEvent, type CanonicalEvent, type CanonicalEventType } from "../../../event/canonical.ts";
import { isoTimeOrNull } from "../../../event/time.ts";
import { normalizeNumbers } from "../../../phone.ts";
import { errorCodeOf } from "../errorCode.ts";
import { bandwidthEventData } from "../eventData.ts";
import { bandwidthEventId, unplaceableEventId } from "../eventId.ts";
import { orderEventType, orderKindOf } from "../orderTypes.ts";
import { type BandwidthV2Notification, parseNotification } from "./parseNotification.ts";
import { isReputationUpdate, reputationEvent } from "./reputationUpdate.ts";

/**
 * Normalizes a Subscriptions 2.0 order-change or note event. Pure: bytes and the receive time in.
 * The id comes from the same fields as v1's (`bandwidthEventId`), so an order change delivered by
 * both a v1 and a v2 subscription during a migration is one event. A reputation monitoring update
 * (the other v2 definition) is `number.reputation_changed`; any other body is kept as
 * `bandwidth.unrecognized`, with an id from its bytes.
 */
export function normalizeNotification(body: Buffer, receivedAt: string): CanonicalEvent {
  const n = parseNotification(body);
  if (!(n.orderId && n.orderType) && isReputationUpdate(n.raw)) return reputationEvent(n.raw, receivedAt);
  const strings = n.completedPhoneNumbers.filter((value): value is string => typeof value === "string");
  const { numbers, invalid } = normalizeNumbers(strings);
  const unreadable = [...invalid, ...n.completedPhoneNumbers.filter((value) => typeof value !== "string")];
  const orderKind = orderKindOf(n.orderType ?? "");
  const errorCode = errorCodeOf(n.message);
  return buildEvent({
    // v2's eventType names the envelope kind, not an event notification: not part of the change.
    id:
      n.orderId && n.orderType
        ? bandwidthEventId({ ...n, eventType: null, phoneNumbers: numbers, receivedAt })
        : unplaceableEventId("bandwidth/v2", body),
    source: "bandwidth/v2",
    type: eventTypeOf(n),
    time: isoTimeOrNull(n.lastModifiedDate) ?? isoTimeOrNull(n.eventTime) ?? receivedAt,
    data: bandwidthEventData(n, {
      orderKind,
      phoneNumbers: numbers,
      receivedAt,
      details: {
        envelope: n.envelope,
        ...(n.eventType ? { eventType: n.eventType } : {}),
        ...(n.lastModifiedDate ? { lastModifiedDate: n.lastModifiedDate } : {}),
        ...(errorCode ? { errorCode } : {}),
        ...(unreadable.length > 0 ? { unreadablePhoneNumbers: unreadable } : {}),
      },
    }),
  });
}

/** `note` events and `order_change` events; without an order, or saying neither, it is unrecognized. */
function eventTypeOf(n: BandwidthV2Notification): CanonicalEventType {
  if (!n.orderId || !n.orderType) return "bandwidth.unrecognized";
  const change =
    n.eventType === "note" || (n.eventType === null && n.note !== null && n.status === null)
      ? "note"
      : n.eventType === "order_change" || (n.eventType === null && n.status !== null)
        ? "status"
        : null;
  return change ? orderEventType(n.orderType, change) : "bandwidth.unrecognized";
}
