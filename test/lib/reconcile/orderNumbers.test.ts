import { describe, expect, it } from "vitest";
import { MalformedBodyError } from "../../../lib/errors.ts";
import { OrderListFormatError } from "../../../lib/reconcile/errors.ts";
import { ORDER_NUMBERS, parseOrderNumbers } from "../../../lib/reconcile/orderNumbers.ts";
import { fixture } from "../../helpers/fixtures.ts";

describe("parseOrderNumbers", () => {
  it("reads the spec's ListOrderTns and ListPortinTns samples, in E.164", () => {
    expect(parseOrderNumbers(fixture("bandwidth/api/order-tns.xml"))).toEqual(["+18042105666"]);
    expect(parseOrderNumbers(fixture("bandwidth/api/portin-tns.xml"))).toEqual(["+19192809870"]);
  });

  it("reads the spec's ReadDisconnectOrder sample: the number is listed twice, kept once", () => {
    expect(parseOrderNumbers(fixture("bandwidth/api/disconnect-order.xml"))).toEqual(["+19194392566"]);
  });

  it("keeps every number of a longer list, in order, and leaves out what is not a number", () => {
    const xml =
      "<TelephoneNumbers><Count>3</Count><TelephoneNumber>9195551000</TelephoneNumber>" +
      "<TelephoneNumber>+442071838750</TelephoneNumber><TelephoneNumber>N/A</TelephoneNumber></TelephoneNumbers>";
    expect(parseOrderNumbers(xml)).toEqual(["+19195551000", "+442071838750"]);
  });

  it("reads an order without numbers as none", () => {
    expect(parseOrderNumbers("<TelephoneNumbers><Count>0</Count></TelephoneNumbers>")).toEqual([]);
    expect(parseOrderNumbers("<TelephoneNumbers/>")).toEqual([]);
  });

  it("refuses another document, and XML with a DTD", () => {
    expect(() => parseOrderNumbers("<ResponseSelectWrapper><x/></ResponseSelectWrapper>")).toThrow(
      OrderListFormatError,
    );
    expect(() =>
      parseOrderNumbers('<!DOCTYPE a [<!ENTITY x "y">]><TelephoneNumbers>&x;</TelephoneNumbers>'),
    ).toThrow(MalformedBodyError);
  });

  it("asks for port-in, order and disconnect numbers, not port-out ones (the API lists none)", () => {
    expect(ORDER_NUMBERS.portins?.("a b")).toBe("/portins/a%20b/tns");
    expect(ORDER_NUMBERS.orders?.("o1")).toBe("/orders/o1/tns");
    expect(ORDER_NUMBERS.disconnects?.("d1")).toBe("/disconnects/d1");
    expect(ORDER_NUMBERS.portouts).toBeUndefined();
  });
});
