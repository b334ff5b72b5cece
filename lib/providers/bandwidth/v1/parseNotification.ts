import { isObject } from "../../../json/parseJsonObject.ts";
import { parseXml, singleValued, textOf } from "../../../xml/parse.ts";
import { readNotificationNumbers } from "./numberContainers.ts";

/**
 * A Bandwidth v1 `<Notification>`: an order notification or an event notification
 * (docs/providers.md#bandwidth-v1-notification-fields).
 */
export interface BandwidthV1Notification {
  subscriptionId: string | null;
  orderType: string | null;
  orderId: string | null;
  customerOrderId: string | null;
  status: string | null;
  message: string | null;
  note: string | null;
  eventType: string | null;
  /** Every number of every documented container, as sent (LEGACY 10-digit or E.164). */
  telephoneNumbers: string[];
  /** Number-like elements whose shape is not documented: flagged, their numbers left in `raw`. */
  unreadableNumberElements: string[];
  lastModifiedDate: string | null;
  actualFocDate: string | null;
  /**
   * Why this well-formed notification cannot be placed on an order or number event (no
   * `OrderId`/`OrderType` nor `EventType`, or another root element); null when it can.
   */
  unplaceableReason: string | null;
  /** The whole `<Notification>` element as parsed (the whole document for another root), so nothing Bandwidth said is lost. */
  raw: Record<string, unknown>;
}

const LIST_ELEMENTS = new Set(["TelephoneNumber"]);
/**
 * Elements a notification carries once (orderWebhook.md "Parameters"). A second, different one
 * makes the notification unplaceable: queued as `bandwidth.unrecognized` with the reason, never
 * read as a note.
 */
const SINGLE_ELEMENTS = [
  "SubscriptionId",
  "OrderType",
  "OrderId",
  "CustomerOrderId",
  "Status",
  "Message",
  "Note",
  "EventType",
  "LastModifiedDate",
  "ActualFocDate",
];

/**
 * Parses the XML body of a v1 order or event notification. Elements are read by name, not position
 * (Bandwidth's samples order them differently). Only a body that is not well-formed XML throws (a
 * MalformedBodyError): Bandwidth never resends a notification, so one that cannot be placed (the
 * bulk port-in docs once showed one without `OrderId`) is still returned, with `unplaceableReason`.
 */
export function parseNotification(body: string): BandwidthV1Notification {
  const document = parseXml(body, LIST_ELEMENTS);
  const root = document.Notification;
  if (!isObject(root)) {
    return { ...EMPTY, unplaceableReason: "expected a <Notification> root element", raw: document };
  }
  const original = root;
  const { node, conflicting } = singleValued(original, SINGLE_ELEMENTS);
  const { numbers, unreadable } = readNotificationNumbers(original);
  const notification: BandwidthV1Notification = {
    subscriptionId: textOf(node, "SubscriptionId"),
    orderType: textOf(node, "OrderType"),
    orderId: textOf(node, "OrderId"),
    customerOrderId: textOf(node, "CustomerOrderId"),
    status: textOf(node, "Status"),
    message: textOf(node, "Message"),
    note: textOf(node, "Note"),
    eventType: textOf(node, "EventType"),
    telephoneNumbers: numbers,
    unreadableNumberElements: unreadable,
    lastModifiedDate: textOf(node, "LastModifiedDate"),
    actualFocDate: textOf(node, "ActualFocDate"),
    unplaceableReason: null,
    raw: original,
  };
  if (conflicting.length > 0) {
    notification.unplaceableReason = `${conflicting.map((name) => `<${name}>`).join(", ")} repeated with different values`;
  } else if (!notification.eventType && !(notification.orderId && notification.orderType)) {
    notification.unplaceableReason = "a notification needs OrderId and OrderType, or EventType";
  }
  return notification;
}

const EMPTY: Omit<BandwidthV1Notification, "unplaceableReason" | "raw"> = {
  subscriptionId: null,
  orderType: null,
  orderId: null,
  customerOrderId: null,
  status: null,
  message: null,
  note: null,
  eventType: null,
  telephoneNumbers: [],
  unreadableNumberElements: [],
  lastModifiedDate: null,
  actualFocDate: null,
};
