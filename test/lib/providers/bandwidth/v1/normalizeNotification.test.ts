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
    ["truncated XML", "<Notification><Status>COMPLETE</Status><OrderId>abc"],
    ["text that is not XML", "COMPLETE"],
  ])("rejects %s", (_, xml) => {
    expect(() => normalize(xml)).toThrow(MalformedBodyError);
  });
});

describe("well-formed notifications that cannot be placed (kept, never refused)", () => {
  const bulkWithoutOrderId = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Notification>
  <Status>COMPLETED</Status>
  <SubscriptionId>7b3c9d5e-2f4a-4b6c-8d9e-0f1a2b3c4d5e</SubscriptionId>
  <OrderType>bulkPortins</OrderType>
  <CompletedTelephoneNumbers><TelephoneNumber>9195551212</TelephoneNumber></CompletedTelephoneNumbers>
</Notification>`;

  it.each([
    [
      "a bulk port-in without OrderId",
      bulkWithoutOrderId,
      "a notification needs OrderId and OrderType, or EventType",
    ],
    [
      "a notification about nothing",
      "<Notification><Status>COMPLETE</Status></Notification>",
      "a notification needs OrderId and OrderType, or EventType",
    ],
    ["another root element", "<Order><OrderId>x</OrderId></Order>", "expected a <Notification> root element"],
    [
      "a root with only text",
      "<Notification>COMPLETE</Notification>",
      "expected a <Notification> root element",
    ],
  ])("queues %s as bandwidth.unrecognized with the reason", (_, xml, reason) => {
    const event = normalize(xml);
    assertValidEvent(event);
    expect(event.type).toBe("bandwidth.unrecognized");
    expect(event.data.details.unrecognizedReason).toBe(reason);
    expect(event.data.providerPayload).toBeTypeOf("object");
    expect(event.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("still reads what it can of an unplaceable notification", () => {
    const event = normalize(bulkWithoutOrderId);
    expect(event.data).toMatchObject({
      orderId: null,
      providerOrderType: "bulkPortins",
      orderKind: "port_in",
      providerStatus: "COMPLETED",
      status: "complete",
      phoneNumbers: ["+19195551212"],
    });
    expect(event.data.details.subscriptionId).toBe("7b3c9d5e-2f4a-4b6c-8d9e-0f1a2b3c4d5e");
  });

  it("gives an unplaceable notification an id from its exact bytes", () => {
    const a = normalize(bulkWithoutOrderId);
    expect(normalizeNotification(bulkWithoutOrderId, "2030-01-01T00:00:00.000Z").id).toBe(a.id);
    expect(normalize(bulkWithoutOrderId.replace("9195551212", "9195551213")).id).not.toBe(a.id);
  });
});

describe("number containers", () => {
  const withNumbers = (inner: string) =>
    `<Notification><SubscriptionId>s</SubscriptionId><EventType>MESSAGING_LOST</EventType>${inner}</Notification>`;

  it.each([
    [
      "the docs' <CompletedTelephoneNumbers><TelephoneNumber>",
      "<CompletedTelephoneNumbers><TelephoneNumber>9192345678</TelephoneNumber><TelephoneNumber>9192345679</TelephoneNumber></CompletedTelephoneNumbers>",
    ],
    [
      "the event docs' <ImpactedTelephoneNumbers><TelephoneNumber>",
      "<ImpactedTelephoneNumbers><TelephoneNumber>9192345678</TelephoneNumber><TelephoneNumber>9192345679</TelephoneNumber></ImpactedTelephoneNumbers>",
    ],
    [
      "the spec callback schema's repeated <CompletedTelephoneNumbers><TelephoneNumbers>",
      "<CompletedTelephoneNumbers><TelephoneNumbers>9192345678</TelephoneNumbers><TelephoneNumbers>9192345679</TelephoneNumbers></CompletedTelephoneNumbers>",
    ],
    [
      "a wrapped <CompletedTelephoneNumbers><TelephoneNumbers><TelephoneNumber>",
      "<CompletedTelephoneNumbers><TelephoneNumbers><TelephoneNumber>9192345678</TelephoneNumber><TelephoneNumber>9192345679</TelephoneNumber></TelephoneNumbers></CompletedTelephoneNumbers>",
    ],
    [
      "a repeated container, one number each",
      "<CompletedTelephoneNumbers><TelephoneNumber>9192345678</TelephoneNumber></CompletedTelephoneNumbers><CompletedTelephoneNumbers><TelephoneNumber>9192345679</TelephoneNumber></CompletedTelephoneNumbers>",
    ],
  ])("reads %s", (_, inner) => {
    const event = normalize(withNumbers(inner));
    expect(event.data.phoneNumbers).toEqual(["+19192345678", "+19192345679"]);
    expect(event.data.details.unreadableNumberElements).toBeUndefined();
  });

  it("reads a single spec-form <TelephoneNumbers> number", () => {
    const event = normalize(
      withNumbers(
        "<CompletedTelephoneNumbers><TelephoneNumbers>9192345678</TelephoneNumbers></CompletedTelephoneNumbers>",
      ),
    );
    expect(event.data.phoneNumbers).toEqual(["+19192345678"]);
  });

  it.each([
    [
      "an unknown element inside a container",
      "<CompletedTelephoneNumbers><Tn>9192345678</Tn></CompletedTelephoneNumbers>",
      ["CompletedTelephoneNumbers/Tn"],
    ],
    [
      "numbers as the container's own text",
      "<CompletedTelephoneNumbers>9192345678</CompletedTelephoneNumbers>",
      ["CompletedTelephoneNumbers"],
    ],
    [
      "a number element that holds elements",
      "<ImpactedTelephoneNumbers><TelephoneNumber><Number>9192345678</Number></TelephoneNumber></ImpactedTelephoneNumbers>",
      ["ImpactedTelephoneNumbers/TelephoneNumber"],
    ],
    [
      "a number container the parser does not know",
      "<DisconnectedTelephoneNumbers><TelephoneNumber>9192345678</TelephoneNumber></DisconnectedTelephoneNumbers>",
      ["DisconnectedTelephoneNumbers"],
    ],
  ])("flags %s as unreadable instead of dropping it", (_, inner, elements) => {
    const event = normalize(withNumbers(inner));
    assertValidEvent(event);
    expect(event.data.details.unreadableNumberElements).toEqual(elements);
    expect(JSON.stringify(event.data.providerPayload)).toContain("9192345678");
  });

  it("reads what it can beside what it cannot", () => {
    const event = normalize(
      withNumbers(
        "<CompletedTelephoneNumbers><TelephoneNumber>9192345678</TelephoneNumber><Extra>x</Extra></CompletedTelephoneNumbers>",
      ),
    );
    expect(event.data.phoneNumbers).toEqual(["+19192345678"]);
    expect(event.data.details.unreadableNumberElements).toEqual(["CompletedTelephoneNumbers/Extra"]);
  });

  it("does not flag an empty container", () => {
    const event = normalize(
      withNumbers("<CompletedTelephoneNumbers></CompletedTelephoneNumbers><ImpactedTelephoneNumbers/>"),
    );
    expect(event.data.phoneNumbers).toEqual([]);
    expect(event.data.details.unreadableNumberElements).toBeUndefined();
  });
});
