import type { BandwidthApiRoute, StandInResponse } from "./route.ts";

/** The order types whose lists the stand-in serves (lib/reconcile/orderLists.ts). */
export type StandInOrderType = "orders" | "portins" | "portouts" | "disconnects";

export interface StandInOrder {
  orderType: StandInOrderType;
  orderId: string;
  status: string;
  customerOrderId: string | null;
  orderDate: string;
  lastModifiedDate: string;
  /** As the API lists them: Bandwidth's 10-digit `LEGACY` form for North American numbers. */
  phoneNumbers: string[];
}

/**
 * The order list endpoints of the Bandwidth Dashboard API, as Bandwidth/api-docs
 * `site/specs/numbers.yml` publishes them (ListOrders, ListPortins, ListPortOuts,
 * ReadDisconnectOrders): `page` (an order id, `1` for the first page) and `size` (both required but
 * on disconnects), `startdate` + `enddate` (last-modified days, `yyyy-MM-dd`, only together),
 * `status`; the spec's XML wrappers, `<TotalCount>` and `<Links>` with `first` and, when more
 * results exist, `next`; port-in drafts only when `status=draft`; a disconnect list with no order
 * answers 404. And each order's numbers: ListOrderTns (`/orders/{id}/tns`) and ListPortinTns
 * (`/portins/{id}/tns`) as `<TelephoneNumbers>`, ReadDisconnectOrder (`/disconnects/{id}`) as
 * `<DisconnectTelephoneNumberOrderResponse>`; an order it does not have is a 404. Orders are created
 * and moved on by the test (or `npm start`), and a fault can be armed for the next list requests, or
 * for the next number requests.
 */
export function createOrdersStandIn(options: { accountId: string }) {
  const orders = new Map<string, StandInOrder>();
  const faults: StandInResponse[] = [];
  const numberFaults: StandInResponse[] = [];
  const requests: { path: string; query: URLSearchParams }[] = [];
  const numberRequests: string[] = [];
  const now = () => new Date().toISOString();

  const numbersRoute: BandwidthApiRoute = (request) => {
    const asked = NUMBERS_PATH.exec(request.path);
    if (request.method !== "GET" || !asked) return undefined;
    const [, orderType, orderId = "", tns] = asked;
    if ((orderType === "disconnects") === (tns !== undefined)) return undefined;
    numberRequests.push(request.path);
    const fault = numberFaults.shift();
    if (fault) return fault;
    const order = orders.get(decodeURIComponent(orderId));
    if (!order || order.orderType !== orderType) return errorAnswer(404, "order not found");
    const numbers = order.phoneNumbers
      .map((number) => `<TelephoneNumber>${number}</TelephoneNumber>`)
      .join("");
    return orderType === "disconnects"
      ? xml(
          200,
          `<DisconnectTelephoneNumberOrderResponse><orderRequest><id>${order.orderId}</id><OrderCreateDate>${order.orderDate}</OrderCreateDate><DisconnectTelephoneNumberOrderType><TelephoneNumberList>${numbers}</TelephoneNumberList></DisconnectTelephoneNumberOrderType></orderRequest><OrderStatus>${order.status}</OrderStatus></DisconnectTelephoneNumberOrderResponse>`,
        )
      : xml(
          200,
          `<TelephoneNumbers><Count>${order.phoneNumbers.length}</Count>${numbers}</TelephoneNumbers>`,
        );
  };

  const route: BandwidthApiRoute = (request) => {
    const numbers = numbersRoute(request);
    if (numbers) return numbers;
    const orderType = LISTS[request.path];
    if (request.method !== "GET" || !orderType) return undefined;
    requests.push({ path: request.path, query: request.query });
    const fault = faults.shift();
    if (fault) return fault;
    const { query } = request;
    const page = query.get("page");
    const size = Number(query.get("size") ?? DISCONNECT_DEFAULT_SIZE);
    const startdate = query.get("startdate");
    const enddate = query.get("enddate");
    if ((orderType !== "disconnects" && page === null) || !Number.isInteger(size) || size < 1) {
      return errorAnswer(400, "page and size are required");
    }
    if ((startdate === null) !== (enddate === null)) {
      return errorAnswer(400, "startdate and enddate must be simultaneously declared");
    }
    const status = query.get("status")?.toUpperCase();
    const matching = [...orders.values()]
      .filter((order) => order.orderType === orderType)
      .filter((order) =>
        status ? order.status === status : !(orderType === "portins" && order.status === "DRAFT"),
      )
      .filter((order) => {
        const day = order.lastModifiedDate.slice(0, 10);
        return startdate === null || enddate === null || (day >= startdate && day <= enddate);
      })
      .sort((a, b) => a.orderId.localeCompare(b.orderId));
    if (matching.length === 0 && orderType === "disconnects") {
      return xml(
        404,
        `<Links><first>${link(options.accountId, request.path, "1", size, query)}</first></Links>`,
      );
    }
    const start = page === null || page === "1" ? 0 : matching.findIndex((order) => order.orderId === page);
    if (start < 0) return errorAnswer(400, `no order ${page} to start the page`);
    const pageOrders = matching.slice(start, start + size);
    const next = matching[start + size];
    const links = [
      `<first>${link(options.accountId, request.path, "1", size, query)}</first>`,
      ...(next ? [`<next>${link(options.accountId, request.path, next.orderId, size, query)}</next>`] : []),
    ].join("");
    const head = `<TotalCount>${matching.length}</TotalCount><Links>${links}</Links>`;
    return orderType === "portins" || orderType === "portouts"
      ? xml(200, `<LNPResponseWrapper>${head}${pageOrders.map(lnpEntry).join("")}</LNPResponseWrapper>`)
      : xml(
          200,
          `<ResponseSelectWrapper><ListOrderIdUserIdDate>${head}${pageOrders.map(orderEntry).join("")}</ListOrderIdUserIdDate></ResponseSelectWrapper>`,
        );
  };

  return {
    route,
    /** Every list request served, in order (faults included). */
    requests,
    /** The path of every number request served, in order (faults included). */
    numberRequests,
    /** Creates an order in a status, modified now. */
    create(
      orderType: StandInOrderType,
      orderId: string,
      status: string,
      details: { customerOrderId?: string; phoneNumbers?: string[] } = {},
    ) {
      const at = now();
      const order: StandInOrder = {
        orderType,
        orderId,
        status,
        customerOrderId: details.customerOrderId ?? null,
        orderDate: at,
        lastModifiedDate: at,
        phoneNumbers: details.phoneNumbers ?? [],
      };
      orders.set(orderId, order);
      return order;
    },
    /** Moves an order to a new status, modified now. */
    advance(orderId: string, status: string): StandInOrder {
      const order = orders.get(orderId);
      if (!order) throw new Error(`no order ${orderId}`);
      Object.assign(order, { status, lastModifiedDate: now() });
      return order;
    },
    /** The next `count` list requests get this answer instead (a 500, a 429 with Retry-After, …). */
    fail(answer: StandInResponse, count = 1) {
      for (let i = 0; i < count; i++) faults.push(answer);
    },
    /** The next `count` number requests get this answer instead. */
    failNumbers(answer: StandInResponse, count = 1) {
      for (let i = 0; i < count; i++) numberFaults.push(answer);
    },
  };
}

/** `/orders/{id}/tns`, `/portins/{id}/tns`, `/disconnects/{id}`. */
const NUMBERS_PATH = /^\/(orders|portins|disconnects)\/([^/]+)(\/tns)?$/;

const LISTS: Readonly<Record<string, StandInOrderType>> = {
  "/orders": "orders",
  "/portins": "portins",
  "/portouts": "portouts",
  "/disconnects": "disconnects",
};

/** ReadDisconnectOrders: `size` is optional there, default 300. */
const DISCONNECT_DEFAULT_SIZE = "300";

/** The spec's link text: `Link=<https://dashboard.bandwidth.com:443/v1.0/accounts/…?page=…&size=…>;rel="…";`. */
function link(accountId: string, path: string, page: string, size: number, query: URLSearchParams): string {
  const params = new URLSearchParams(query);
  params.set("page", page);
  params.set("size", String(size));
  const url = `https://dashboard.bandwidth.com:443/v1.0/accounts/${accountId}${path}?${params}`;
  return escapeXml(`Link=<${url}>;rel="${page === "1" ? "first" : "next"}";`);
}

/** `OrderIdUserIdDate` as in the ListOrders / ReadDisconnectOrders samples. */
function orderEntry(order: StandInOrder): string {
  const id =
    order.orderType === "orders"
      ? `<orderId>${order.orderId}</orderId>`
      : `<OrderId>${order.orderId}</OrderId>`;
  return [
    "<OrderIdUserIdDate>",
    "<CountOfTNs>1</CountOfTNs>",
    order.customerOrderId ? `<CustomerOrderId>${escapeXml(order.customerOrderId)}</CustomerOrderId>` : "",
    `<userId>standin</userId><lastModifiedDate>${order.lastModifiedDate}</lastModifiedDate>`,
    id,
    order.orderType === "disconnects" ? "<OrderType>disconnect</OrderType>" : "",
    `<OrderDate>${order.orderDate}</OrderDate><OrderStatus>${order.status}</OrderStatus>`,
    "</OrderIdUserIdDate>",
  ].join("");
}

/** `lnpPortInfoForGivenStatus` as in the ListPortins / ListPortOuts samples. */
function lnpEntry(order: StandInOrder): string {
  return [
    "<lnpPortInfoForGivenStatus>",
    "<CountOfTNs>1</CountOfTNs><userId>standin</userId>",
    `<lastModifiedDate>${order.lastModifiedDate}</lastModifiedDate><OrderDate>${order.orderDate}</OrderDate>`,
    `<OrderId>${order.orderId}</OrderId>`,
    `<OrderType>${order.orderType === "portins" ? "port_in" : "port_out"}</OrderType>`,
    `<ProcessingStatus>${order.status}</ProcessingStatus>`,
    order.customerOrderId ? `<CustomerOrderId>${escapeXml(order.customerOrderId)}</CustomerOrderId>` : "",
    "</lnpPortInfoForGivenStatus>",
  ].join("");
}

function xml(status: number, body: string): StandInResponse {
  return {
    status,
    headers: { "content-type": "application/xml" },
    body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${body}`,
  };
}

/** Bandwidth's error body: `<ResponseStatus><ErrorCode/><Description/></ResponseStatus>` inside the operation's wrapper. */
function errorAnswer(status: number, description: string): StandInResponse {
  return xml(
    status,
    `<ResponseSelectWrapper><ResponseStatus><ErrorCode>${status}</ErrorCode><Description>${escapeXml(description)}</Description></ResponseStatus></ResponseSelectWrapper>`,
  );
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
