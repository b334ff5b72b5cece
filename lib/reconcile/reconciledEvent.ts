import { buildEvent, type CanonicalEvent } from "../event/canonical.ts";
import { isoTimeOrNull } from "../event/time.ts";
import { RECOVERED_BY_RECONCILIATION } from "../orderState/orderChange.ts";
import { bandwidthEventData } from "../providers/bandwidth/eventData.ts";
import { bandwidthEventId } from "../providers/bandwidth/eventId.ts";
import { orderEventType, orderKindOf } from "../providers/bandwidth/orderTypes.ts";
import type { ListedOrder } from "./orderLists.ts";

/**
 * The canonical event of an order change the reconciler found and no notification brought: what
 * the v1 notification of that change would have become, from what the order list says. Its id
 * follows the live notifications' rule (bandwidthEventId over the same fields); the list carries
 * no `Message` nor numbers, so it equals the live event's id when the notification had none
 * either, and the order state table tells the two apart otherwise. Pure: the time is passed in.
 */
export function reconciledEvent(orderType: string, order: ListedOrder, receivedAt: string): CanonicalEvent {
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
      phoneNumbers: [],
      receivedAt,
      details: {
        recoveredBy: RECOVERED_BY_RECONCILIATION,
        ...(order.lastModifiedDate ? { lastModifiedDate: order.lastModifiedDate } : {}),
      },
    }),
  });
}
