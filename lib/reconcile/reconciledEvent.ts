import { buildEvent, type CanonicalEvent } from "../event/canonical.ts";
import { isoTimeOrNull } from "../event/time.ts";
import { RECOVERED_BY_RECONCILIATION } from "../orderState/orderChange.ts";
import { bandwidthEventData } from "../providers/bandwidth/eventData.ts";
import { bandwidthEventId } from "../providers/bandwidth/eventId.ts";
import { orderEventType, orderKindOf } from "../providers/bandwidth/orderTypes.ts";
import type { ListedOrder } from "./orderLists.ts";

/**
 * The canonical event of an order change the reconciler found and no notification brought: what
 * the v1 notification of that change would have become, from what the order list says, with the
 * order's numbers as the API lists them (`phoneNumbers`, E.164; lib/reconcile/orderNumbers.ts). Its id
 * follows the live notifications' rule (bandwidthEventId over the same fields) without the numbers,
 * which a notification of the same change may list differently (only those completed, say): it
 * equals the live event's id when the notification had no `Message` and no numbers, and the order
 * state table tells the two apart otherwise. Pure: the time and the numbers are passed in.
 */
export function reconciledEvent(
  orderType: string,
  order: ListedOrder,
  receivedAt: string,
  phoneNumbers: readonly string[],
): CanonicalEvent {
  const fields = {
    orderType,
    orderId: order.orderId,
    customerOrderId: order.customerOrderId,
    status: order.status,
    message: null,
    note: null,
    raw: order.raw,
  };
  return buildEvent({
    id: bandwidthEventId({
      ...fields,
      lastModifiedDate: order.lastModifiedDate,
      eventType: null,
      phoneNumbers: [],
      receivedAt,
    }),
    source: "bandwidth/v1",
    type: orderEventType(orderType, "status"),
    time: isoTimeOrNull(order.lastModifiedDate) ?? receivedAt,
    data: bandwidthEventData(fields, {
      orderKind: orderKindOf(orderType),
      phoneNumbers: [...phoneNumbers],
      receivedAt,
      details: {
        recoveredBy: RECOVERED_BY_RECONCILIATION,
        ...(order.lastModifiedDate ? { lastModifiedDate: order.lastModifiedDate } : {}),
      },
    }),
  });
}
