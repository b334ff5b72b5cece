import { buildEvent, type CanonicalEvent } from "../../../event/canonical.ts";
import { isoTimeOrNull } from "../../../event/time.ts";
import { normalizeNumbers } from "../../../phone.ts";
import { errorCodeOf } from "../errorCode.ts";
import { bandwidthEventData } from "../eventData.ts";
import { bandwidthEventId, unplaceableEventId } from "../eventId.ts";
import { orderEventType, orderKindOf } from "../orderTypes.ts";
import { parseNotification } from "./parseNotification.ts";

/**
 * Normalizes a Bandwidth v1 order or event notification into the canonical event. Pure: the
 * receive time is passed in and used as `time` only when Bandwidth gives no `LastModifiedDate`.
 */
export function normalizeNotification(body: string, receivedAt: string): CanonicalEvent {
  const n = parseNotification(body);
  const { numbers, invalid } = normalizeNumbers(n.telephoneNumbers);
  const orderKind = n.eventType ? "number_event" : orderKindOf(n.orderType ?? "");
  const type = n.unplaceableReason
    ? "bandwidth.unrecognized"
    : n.eventType
      ? n.eventType === "MESSAGING_LOST"
        ? "number.messaging_lost"
        : "bandwidth.unrecognized"
      : orderEventType(n.orderType, n.note && !n.status ? "note" : "status");
  const errorCode = errorCodeOf(n.message);
  const details: Record<string, unknown> = {
    ...(n.subscriptionId ? { subscriptionId: n.subscriptionId } : {}),
    ...(n.eventType ? { eventType: n.eventType } : {}),
    ...(n.actualFocDate ? { actualFocDate: n.actualFocDate } : {}),
    ...(n.lastModifiedDate ? { lastModifiedDate: n.lastModifiedDate } : {}),
    ...(errorCode ? { errorCode } : {}),
    ...(invalid.length > 0 ? { unreadablePhoneNumbers: invalid } : {}),
    ...(n.unreadableNumberElements.length > 0
      ? { unreadableNumberElements: n.unreadableNumberElements }
      : {}),
    ...(n.unplaceableReason ? { unrecognizedReason: n.unplaceableReason } : {}),
  };
  return buildEvent({
    // The fields both webhook versions name alike identify the change (see bandwidthEventId).
    id: n.unplaceableReason
      ? unplaceableEventId("bandwidth/v1", body)
      : bandwidthEventId({ ...n, phoneNumbers: numbers, receivedAt }),
    source: "bandwidth/v1",
    type,
    time: isoTimeOrNull(n.lastModifiedDate) ?? receivedAt,
    data: bandwidthEventData(n, {
      orderKind,
      phoneNumbers: numbers,
      receivedAt,
      details: details,
    }),
  });
}
