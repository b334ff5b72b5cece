import { describe, expect, it } from "vitest";
import { MalformedBodyError } from "../../../../../lib/errors.ts";
import { normalizeNotification } from "../../../../../lib/providers/bandwidth/v1/normalizeNotification.ts";
import { fixture, fixtures } from "../../../../helpers/fixtures.ts";
import { assertValidEvent } from "../../../../helpers/schema.ts";

const RECEIVED = "2026-01-02T03:04:05.000Z";
const normalize = (xml: string) => normalizeNotification(xml, RECEIVED);

const orderXml = (orderType: string, status: string) => `<?xml version="1.0"?>
<Notification>
  <SubscriptionId>d8274fa6-e49b-469a-93bf-c7dd17615950</SubscriptionId>
  <OrderType>${orderType}</OrderType>
  <OrderId>a8ef295b-fcf4-44a7-945c-0520c8f49123</OrderId>
  <Status>${status}</Status>
</Notification>`;

describe("normalizeNotification over every fixture", () => {
  it.each(fixtures("bandwidth/v1"))("%s gives a schema-valid canonical event", (_, xml) => {
    const event = normalize(xml);
    assertValidEvent(event);
    expect(event.source).toBe("bandwidth/v1");
    expect(event.data.provider).toBe("bandwidth");
    expect(event.data.receivedAt).toBe(RECEIVED);
    expect(event.data.providerPayload).toBeTypeOf("object");
  });
});

describe("normalizeNotification", () => {
  it("maps the documented order COMPLETE sample", () => {
    const event = normalize(fixture("bandwidth/v1/orders-complete.xml"));
    expect(event).toMatchObject({
      type: "order.status_changed",
      subject: "a8ef295b-fcf4-44a7-945c-0520c8f49123",
      time: RECEIVED,
      data: {
        orderId: "a8ef295b-fcf4-44a7-945c-0520c8f49123",
        orderKind: "number_order",
        status: "complete",
        providerStatus: "COMPLETE",
        phoneNumbers: ["+15402278098"],
        message: "Created a new number order for 1 number from WASHINGTON, VA",
        details: { subscriptionId: "d8274fa6-e49b-469a-93bf-c7dd17615950" },
      },
    });
  });

  it("uses LastModifiedDate as the event time when Bandwidth sends it", () => {
    const event = normalize(fixture("bandwidth/v1/orders-complete-last-modified.xml"));
    expect(event.time).toBe("2024-02-22T20:40:47.539Z");
    expect(event.data.receivedAt).toBe(RECEIVED);
  });

  it("keeps the error code of a coded message", () => {
    const event = normalize(fixture("bandwidth/v1/orders-failed.xml"));
    expect(event.data.status).toBe("failed");
    expect(event.data.details.errorCode).toBe("5005");
  });

  it("maps a port-in FOC with its FOC date and customer order id", () => {
    const event = normalize(fixture("bandwidth/v1/portins-foc.xml"));
    expect(event.type).toBe("port_in.status_changed");
    expect(event.data.status).toBe("scheduled");
    expect(event.data.customerReference).toBe("port-0001");
    expect(event.data.details.actualFocDate).toBe("2023-09-14T00:00:00Z");
  });

  it("maps a note without a status to a note event, entities decoded", () => {
    const event = normalize(fixture("bandwidth/v1/portins-note.xml"));
    expect(event.type).toBe("port_in.note_added");
    expect(event.data.status).toBeNull();
    expect(event.data.note).toBe("Losing carrier AT&T requests a copy of the latest bill <CSR attached>");
  });

  it("reads LEGACY 10-digit and E.164 numbers in one list", () => {
    const event = normalize(fixture("bandwidth/v1/disconnects-partial.xml"));
    expect(event.data.phoneNumbers).toEqual(["+19195550100", "+442071838750"]);
    expect(event.data.status).toBe("partial");
  });

  it.each([
    ["messaging-lost.xml", ["+19192345678"]],
    ["messaging-lost-completed-numbers.xml", ["+19192345678", "+19192345679"]],
  ])("maps MESSAGING_LOST from %s", (file, numbers) => {
    const event = normalize(fixture(`bandwidth/v1/${file}`));
    expect(event.type).toBe("number.messaging_lost");
    expect(event.data.orderKind).toBe("number_event");
    expect(event.data.orderId).toBeNull();
    expect(event.subject).toBeUndefined();
    expect(event.data.phoneNumbers).toEqual(numbers);
    expect(event.data.details.eventType).toBe("MESSAGING_LOST");
  });

  it.each([
    ["unknown-order-type.xml", "numberReputationChecks"],
    ["unknown-event-type.xml", null],
  ])("keeps %s as bandwidth.unrecognized", (file, orderType) => {
    const event = normalize(fixture(`bandwidth/v1/${file}`));
    expect(event.type).toBe("bandwidth.unrecognized");
    expect(event.data.providerOrderType).toBe(orderType);
  });

  it("keeps a number it cannot read in details instead of dropping the event", () => {
    const xml = orderXml("orders", "COMPLETE").replace(
      "</Notification>",
      "<CompletedTelephoneNumbers><TelephoneNumber>0919324529</TelephoneNumber><TelephoneNumber>9195551212</TelephoneNumber></CompletedTelephoneNumbers></Notification>",
    );
    const event = normalize(xml);
    expect(event.data.phoneNumbers).toEqual(["+19195551212"]);
    expect(event.data.details.unreadablePhoneNumbers).toEqual(["0919324529"]);
  });

  it("gives the same notification the same id, and a different change a different id", () => {
    const a = normalize(orderXml("orders", "COMPLETE"));
    expect(normalizeNotification(orderXml("orders", "COMPLETE"), "2030-01-01T00:00:00.000Z").id).toBe(a.id);
    expect(normalize(orderXml("orders", "FAILED")).id).not.toBe(a.id);
    expect(a.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads elements by name whatever their order", () => {
    const reordered = `<Notification><OrderType>orders</OrderType><Status>COMPLETE</Status><OrderId>a8ef295b-fcf4-44a7-945c-0520c8f49123</OrderId><SubscriptionId>d8274fa6-e49b-469a-93bf-c7dd17615950</SubscriptionId></Notification>`;
    expect(normalize(reordered).id).toBe(normalize(orderXml("orders", "COMPLETE")).id);
  });

  it.each([
    ["another root element", "<Order><OrderId>x</OrderId></Order>"],
    ["a notification about nothing", "<Notification><Status>COMPLETE</Status></Notification>"],
    ["truncated XML", "<Notification><Status>COMPLETE</Status><OrderId>abc"],
  ])("rejects %s", (_, xml) => {
    expect(() => normalize(xml)).toThrow(MalformedBodyError);
  });
});
