import { isObject } from "../json/parseJsonObject.ts";
import { normalizeNumbers } from "../phone.ts";
import { parseXml } from "../xml/parse.ts";
import { OrderListFormatError } from "./errors.ts";

/**
 * Where the Numbers API lists an order's telephone numbers, by order type (Bandwidth/api-docs
 * `site/specs/numbers.yml`): the order lists carry only a count (`CountOfTNs`), so a change the
 * reconciler found would otherwise become an event without numbers.
 * - `orders`: `GET /accounts/{accountId}/orders/{orderId}/tns` (ListOrderTns),
 *   `<TelephoneNumbers><Count/><TelephoneNumber/>*</TelephoneNumbers>`;
 * - `portins`: `GET /accounts/{accountId}/portins/{orderId}/tns` (ListPortinTns), the same shape;
 * - `disconnects`: `GET /accounts/{accountId}/disconnects/{disconnectId}` (ReadDisconnectOrder),
 *   `DisconnectTelephoneNumberOrderResponse`: the numbers asked for in
 *   `orderRequest/DisconnectTelephoneNumberOrderType/TelephoneNumberList`, those disconnected so far in
 *   `DisconnectedTelephoneNumberList`.
 * Port-outs have none: ReadPortOut's `LnpOrderPortoutResponse` names no number, and the spec has no
 * `/portouts/{orderId}/tns`.
 */
export const ORDER_NUMBERS: Readonly<Record<string, (orderId: string) => string>> = {
  orders: (orderId) => `/orders/${encodeURIComponent(orderId)}/tns`,
  portins: (orderId) => `/portins/${encodeURIComponent(orderId)}/tns`,
  disconnects: (orderId) => `/disconnects/${encodeURIComponent(orderId)}`,
};

/** Every `TelephoneNumber` anywhere in these answers: the shapes above nest them differently. */
const NUMBER_ELEMENTS = new Set(["TelephoneNumber"]);

/**
 * The numbers of one of the answers above, in E.164, deduplicated, in document order. A value that
 * is not a number is left out, as from a notification; an empty list (`<TelephoneNumbers/>`) is no
 * number; an answer with another root element is an OrderListFormatError, so the run fails and the
 * checkpoint stays.
 */
export function parseOrderNumbers(xml: string): string[] {
  const document = parseXml(xml, NUMBER_ELEMENTS);
  const root = document.TelephoneNumbers ?? document.DisconnectTelephoneNumberOrderResponse;
  if (root === undefined) throw new OrderListFormatError(`unexpected root <${Object.keys(document)[0]}>`);
  const raw: string[] = [];
  collect(root, raw);
  return normalizeNumbers(raw).numbers;
}

function collect(node: unknown, into: string[]): void {
  if (!isObject(node)) return;
  for (const [name, value] of Object.entries(node)) {
    if (name === "TelephoneNumber") {
      for (const item of Array.isArray(value) ? value : [value])
        if (typeof item === "string") into.push(item);
    } else {
      collect(value, into);
    }
  }
}
