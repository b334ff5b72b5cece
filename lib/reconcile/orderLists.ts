import { isObject } from "../json/parseJsonObject.ts";
import { parseXml, textOf } from "../xml/parse.ts";
import { OrderListFormatError } from "./errors.ts";

/**
 * The order list endpoints the reconciler reads, by the order type Bandwidth's notifications name
 * (`OrderType`, lib/providers/bandwidth/orderTypes.ts). All in Bandwidth/api-docs
 * `site/specs/numbers.yml`; each takes `page` (the first order id of the page, `1` for the first page),
 * `size`, and `startdate` + `enddate`, the range of the orders' last-modified day:
 * - `orders`: `GET /accounts/{accountId}/orders` (ListOrders), `ResponseSelectWrapper`;
 * - `portins`: `GET /accounts/{accountId}/portins` (ListPortins), `LNPResponseWrapper`;
 * - `portouts`: `GET /accounts/{accountId}/portouts` (ListPortOuts), `LNPResponseWrapper`;
 * - `disconnects`: `GET /accounts/{accountId}/disconnects` (ReadDisconnectOrders),
 *   `ResponseSelectWrapper`; its 404 means "No disconnect orders are present on the indicated account".
 * The other types the gateway normalizes (dldas, e911s, lsrorders, tnoptions, importtnorders, csrs, …)
 * have no list filtered by modification date in the spec, so they are not reconciled.
 */
export const ORDER_LISTS: Readonly<Record<string, { path: string; emptyOn404: boolean }>> = {
  orders: { path: "/orders", emptyOn404: false },
  portins: { path: "/portins", emptyOn404: false },
  portouts: { path: "/portouts", emptyOn404: false },
  disconnects: { path: "/disconnects", emptyOn404: true },
};

/** The spec's default `size` for port-ins, port-outs and disconnects (`orders` allows up to 1,000). */
export const PAGE_SIZE = 300;

/** One order of a list page: what the reconciler compares. */
export interface ListedOrder {
  orderId: string;
  /** `OrderStatus` (orders, disconnects) or `ProcessingStatus` (port-ins, port-outs). */
  status: string;
  lastModifiedDate: string | null;
  customerOrderId: string | null;
  /** The list entry as parsed: it becomes the event's `providerPayload`. */
  raw: Record<string, unknown>;
}

export interface OrderPage {
  orders: ListedOrder[];
  /** The `page` value of the next page, from `<Links><next>`; null on the last page. */
  nextPage: string | null;
}

const ENTRIES = new Set(["OrderIdUserIdDate", "lnpPortInfoForGivenStatus"]);

/**
 * Parses one list page, either wrapper. The spec's samples spell the order id `orderId` (orders) and
 * `OrderId` (the others), so both are read. An entry without id or status cannot be compared:
 * OrderListFormatError, so the checkpoint stays where it was.
 */
export function parseOrderPage(xml: string): OrderPage {
  const document = parseXml(xml, ENTRIES);
  const root = document.ResponseSelectWrapper ?? document.LNPResponseWrapper;
  if (!isObject(root)) throw new OrderListFormatError(`unexpected root <${Object.keys(document)[0]}>`);
  const list = isObject(root.ListOrderIdUserIdDate) ? root.ListOrderIdUserIdDate : root;
  const entries = [list.OrderIdUserIdDate ?? [], list.lnpPortInfoForGivenStatus ?? []].flat();
  const orders = entries.map((entry): ListedOrder => {
    if (!isObject(entry)) throw new OrderListFormatError("an order entry is not an element");
    const orderId = textOf(entry, "OrderId") ?? textOf(entry, "orderId");
    const status = textOf(entry, "OrderStatus") ?? textOf(entry, "ProcessingStatus");
    if (!orderId || !status) throw new OrderListFormatError("an order entry has no id or status");
    return {
      orderId,
      status,
      lastModifiedDate: textOf(entry, "lastModifiedDate") ?? textOf(entry, "LastModifiedDate"),
      customerOrderId: textOf(entry, "CustomerOrderId"),
      raw: entry,
    };
  });
  return { orders, nextPage: nextPageOf(list.Links) };
}

/**
 * `<next>Link=<https://…/orders?page=<id>&size=300>;rel="next";</next>` → `<id>`
 * (spec `components.schemas.Links`: present only when more results exist).
 */
function nextPageOf(links: unknown): string | null {
  if (!isObject(links)) return null;
  const next = textOf(links, "next");
  if (next === null) return null;
  const url = /<([^>]+)>/.exec(next)?.[1];
  const page = url ? new URL(url.replace(/ (\d+)\//, ":$1/")).searchParams.get("page") : null;
  if (!page) throw new OrderListFormatError("a <next> link without a page");
  return page;
}
