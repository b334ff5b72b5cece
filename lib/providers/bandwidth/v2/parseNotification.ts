import { arrayOf, objectOf, parseJsonObject, stringOf } from "../../../json/parseJsonObject.ts";

/**
 * A Subscriptions 2.0 `Bandwidth_App_Order_Update` event: an order change or a note
 * (docs/providers.md#bandwidth-v2-what-is-documented).
 */
export interface BandwidthV2Notification {
  orderId: string | null;
  orderType: string | null;
  status: string | null;
  message: string | null;
  note: string | null;
  customerOrderId: string | null;
  lastModifiedDate: string | null;
  /** `completedPhoneNumbers` (E.164, terminal statuses only), as sent. */
  completedPhoneNumbers: unknown[];
  /** The event kind when an envelope names it (`order_change` | `note`); otherwise read from the fields. */
  eventType: string | null;
  /** An envelope's `eventTime`, when there is one. */
  eventTime: string | null;
  /** `flat` as documented, or `data` when the event arrived wrapped in a `data` field. */
  envelope: "flat" | "data";
  /** The whole body as parsed. */
  raw: Record<string, unknown>;
}

/**
 * Parses a Subscriptions 2.0 body. Bandwidth documents the event fields but not the envelope
 * (docs/providers.md#bandwidth-v2-what-is-not-documented), so both a flat body and one wrapped as
 * `{…, data: {…}}` are accepted; an envelope's `eventType` (`order_change` | `note`, the subscription
 * filter's values) is used when present.
 */
export function parseNotification(body: Buffer): BandwidthV2Notification {
  const raw = parseJsonObject(body);
  const data = objectOf(raw, "data");
  const wrapped = data !== null && raw.orderId === undefined;
  const event = wrapped ? data : raw;
  return {
    orderId: stringOf(event, "orderId"),
    orderType: stringOf(event, "orderType"),
    status: stringOf(event, "status"),
    message: stringOf(event, "message"),
    note: stringOf(event, "note"),
    customerOrderId: stringOf(event, "customerOrderId"),
    lastModifiedDate: stringOf(event, "lastModifiedDate"),
    completedPhoneNumbers: arrayOf(event, "completedPhoneNumbers"),
    eventType: stringOf(event, "eventType") ?? (wrapped ? stringOf(raw, "eventType") : null),
    eventTime: wrapped ? stringOf(raw, "eventTime") : null,
    envelope: wrapped ? "data" : "flat",
    raw,
  };
}
