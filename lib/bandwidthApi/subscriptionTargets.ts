/**
 * What a v1 subscription may name (site/specs/numbers.yml in Bandwidth/api-docs): an order type
 * (`SubscriptionOrderType`) or an event type (`CallBackSubscriptionByEventTypeRequest.EventType`).
 */
export const SUBSCRIBABLE_ORDER_TYPES: readonly string[] = [
  "portins",
  "orders",
  "portouts",
  "disconnects",
  "dldas",
  "lsrorders",
  "e911s",
  "tnoptions",
  "externalTns",
  "lidb",
  "bulkPortins",
  "importtnorders",
  "removeImportedTnOrders",
  "csrs",
  "emergencyNotificationGroup",
  "emergencyEndpointGroup",
  "tollfreePortingValidations",
];

export const SUBSCRIBABLE_EVENT_TYPES: readonly string[] = ["MESSAGING_LOST"];
