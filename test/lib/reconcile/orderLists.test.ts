import { describe, expect, it } from "vitest";
import { OrderListFormatError } from "../../../lib/reconcile/errors.ts";
import { parseOrderPage } from "../../../lib/reconcile/orderLists.ts";
import { fixture } from "../../helpers/fixtures.ts";

describe("parseOrderPage", () => {
  it("reads the spec's ListOrders sample: lower-case orderId, OrderStatus, and the next page from a commented link", () => {
    const page = parseOrderPage(fixture("bandwidth/api/orders-list.xml"));
    expect(page.orders.map((order) => [order.orderId, order.status, order.lastModifiedDate])).toEqual([
      ["c5d8d076-345c-45d7-87b3-803a35cca89b", "COMPLETE", "2013-12-20T06"],
      ["27da9f39-81f3-44ed-80ce-05ddf2db612d", "FAILED", "2013-11-05T17"],
      ["2bab589e-2cda-453b-9999-8f35441d4a1a", "COMPLETE", "2013-12-11T20"],
    ]);
    // The sample's <next> holds only an XML comment: no link to follow.
    expect(page.nextPage).toBeNull();
  });

  it("reads the spec's ListPortins sample: OrderId and ProcessingStatus", () => {
    const page = parseOrderPage(fixture("bandwidth/api/portins-list.xml"));
    expect(page.orders.map((order) => [order.orderId, order.status])).toEqual([
      ["ab03375f-e0a9-47f8-bd31-6d8435454a6b", "FOC"],
      ["b2190bcc-0272-4a51-ba56-7c3d628e8706", "FOC"],
    ]);
    expect(page.orders[0]?.raw.PON).toBe("4c129d8e-57fc-4ccb-a37d-7f21aca8b32d");
  });

  it("reads the spec's ListPortOuts and ReadDisconnectOrders samples", () => {
    expect(parseOrderPage(fixture("bandwidth/api/portouts-list.xml")).orders.map((o) => o.status)).toEqual([
      "NEW",
    ]);
    const disconnects = parseOrderPage(fixture("bandwidth/api/disconnects-list.xml")).orders;
    expect(disconnects.map((o) => o.orderId)).toEqual([
      "6d7da966-e071-4741-b31c-1d8932f4b8da",
      "4ffe9262-1965-4479-a1d5-b8584440667d",
    ]);
  });

  it("takes the next page's first order id from a <next> link, including the spec's `host 443/` spelling", () => {
    const next = (link: string) =>
      parseOrderPage(
        `<LNPResponseWrapper><TotalCount>9</TotalCount><Links><next>${link}</next></Links></LNPResponseWrapper>`,
      ).nextPage;
    expect(
      next(
        'Link=&lt;https://dashboard.bandwidth.com 443/v1.0/accounts/9900012/orders?page=cbdcfc94&amp;size=3&gt;;rel="next";',
      ),
    ).toBe("cbdcfc94");
    expect(() =>
      next('Link=&lt;https://dashboard.bandwidth.com:443/v1.0/accounts/1/portins?size=3&gt;;rel="next";'),
    ).toThrow(OrderListFormatError);
  });

  it("refuses an entry it cannot compare (no status), and a root it does not know", () => {
    expect(() =>
      parseOrderPage(
        "<LNPResponseWrapper><lnpPortInfoForGivenStatus><OrderId>a</OrderId></lnpPortInfoForGivenStatus></LNPResponseWrapper>",
      ),
    ).toThrow(OrderListFormatError);
    expect(() => parseOrderPage("<ResponseStatus><ErrorCode>1</ErrorCode></ResponseStatus>")).toThrow(
      OrderListFormatError,
    );
  });
});
