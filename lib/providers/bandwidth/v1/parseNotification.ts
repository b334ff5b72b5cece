import { MalformedBodyError } from "../../../errors.ts";
import { listOf, parseXml, singleValued, textOf } from "../../../xml/parse.ts";

/** A Bandwidth v1 `<Notification>`: an order notification or an event notification (providers.md §1–2). */
export interface BandwidthV1Notification {
  subscriptionId: string | null;
  orderType: string | null;
  orderId: string | null;
  customerOrderId: string | null;
  status: string | null;
  message: string | null;
  note: string | null;
  eventType: string | null;
  /** `CompletedTelephoneNumbers`, as sent (LEGACY 10-digit or E.164). */
  completedTelephoneNumbers: string[];
  /** `ImpactedTelephoneNumbers` (event notifications). */
  impactedTelephoneNumbers: string[];
  lastModifiedDate: string | null;
  actualFocDate: string | null;
  /** The whole `<Notification>` element as parsed, so nothing Bandwidth said is lost. */
  raw: Record<string, unknown>;
}

const LIST_ELEMENTS = new Set(["TelephoneNumber"]);
/** Elements a notification carries once (orderWebhook.md "Parameters"); a second, different one is refused. */
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
 * (Bandwidth's samples order them differently). A notification must say what it is about: an
 * `OrderId`/`OrderType` or an `EventType`.
 */
export function parseNotification(body: string): BandwidthV1Notification {
  const document = parseXml(body, LIST_ELEMENTS);
  const root = document.Notification;
  if (typeof root !== "object" || root === null || Array.isArray(root)) {
    throw new MalformedBodyError("expected a <Notification> root element");
  }
  const node = singleValued(root as Record<string, unknown>, SINGLE_ELEMENTS);
  const notification: BandwidthV1Notification = {
    subscriptionId: textOf(node, "SubscriptionId"),
    orderType: textOf(node, "OrderType"),
    orderId: textOf(node, "OrderId"),
    customerOrderId: textOf(node, "CustomerOrderId"),
    status: textOf(node, "Status"),
    message: textOf(node, "Message"),
    note: textOf(node, "Note"),
    eventType: textOf(node, "EventType"),
    // The spec's event example nests <TelephoneNumbers> inside <CompletedTelephoneNumbers>; accept both.
    completedTelephoneNumbers: [
      ...listOf(node, "CompletedTelephoneNumbers", "TelephoneNumber"),
      ...nestedNumbers(node, "CompletedTelephoneNumbers"),
    ],
    impactedTelephoneNumbers: listOf(node, "ImpactedTelephoneNumbers", "TelephoneNumber"),
    lastModifiedDate: textOf(node, "LastModifiedDate"),
    actualFocDate: textOf(node, "ActualFocDate"),
    raw: node,
  };
  if (!notification.eventType && !(notification.orderId && notification.orderType)) {
    throw new MalformedBodyError("a notification needs OrderId and OrderType, or EventType");
  }
  return notification;
}

function nestedNumbers(node: Record<string, unknown>, container: string): string[] {
  const holder = node[container];
  if (typeof holder !== "object" || holder === null) return [];
  return listOf(holder as Record<string, unknown>, "TelephoneNumbers", "TelephoneNumber");
}
