import { describe, expect, it } from "vitest";
import { MalformedBodyError } from "../../../../../lib/errors.ts";
import { normalizeNotification as normalizeV1 } from "../../../../../lib/providers/bandwidth/v1/normalizeNotification.ts";
import { normalizeNotification } from "../../../../../lib/providers/bandwidth/v2/normalizeNotification.ts";
import { fixtureBytes, fixtureFile } from "../../../../helpers/fixtureBytes.ts";
import { fixture } from "../../../../helpers/fixtures.ts";
import { assertValidEvent } from "../../../../helpers/schema.ts";

const RECEIVED = "2026-01-02T03:04:05.000Z";
const FIXTURES = fixtureBytes("bandwidth/v2");
const normalizeFixture = (name: string) =>
  normalizeNotification(fixtureFile(`bandwidth/v2/${name}`), RECEIVED);
const body = (value: unknown) => Buffer.from(JSON.stringify(value));
const change = (fields: Record<string, unknown>) =>
  body({
    lastModifiedDate: "2026-03-01T00:00:00.000Z",
    message: "m",
    orderId: "0c7a9d5e-3f1b-4a2c-8d6e-5b4a3c2d1e0f",
    orderType: "orders",
    status: "COMPLETE",
    ...fields,
  });

describe("normalizeNotification (v2) over every fixture", () => {
  it.each(FIXTURES)("%s gives a schema-valid canonical event", (_, bytes) => {
    const event = normalizeNotification(bytes, RECEIVED);
    assertValidEvent(event);
    expect(event.source).toBe("bandwidth/v2");
    expect(event.data.provider).toBe("bandwidth");
    expect(event.data.providerPayload).toEqual(JSON.parse(bytes.toString("utf8")));
  });
});

describe("normalizeNotification (v2)", () => {
  it("maps the documented order-change example", () => {
    const event = normalizeFixture("orders-complete.json");
    expect(event).toMatchObject({
      type: "order.status_changed",
      subject: "9cf8daa0-89a4-46aa-a1aa-8b5cf621f218",
      time: "2025-05-05T14:08:26.103Z",
      data: {
        orderKind: "number_order",
        providerOrderType: "orders",
        status: "complete",
        providerStatus: "COMPLETE",
        phoneNumbers: ["+19193245298"],
        message: "Created a new number order for 1 number from RALEIGH, NC",
        note: null,
        details: { envelope: "flat" },
      },
    });
  });

  it("maps the documented note example to a note event", () => {
    const event = normalizeFixture("orders-note.json");
    expect(event.type).toBe("order.note_added");
    expect(event.data.status).toBeNull();
    expect(event.data.note).toBe(
      "Service activation order was created with ID: 877bf791-fbe0-4448-b9af-bd2b59d7f3d0",
    );
  });

  it.each([
    ["orders-complete.json", "orders-complete-data-wrapped.json"],
    ["orders-note.json", "orders-note-data-wrapped.json"],
  ])("reads %s the same flat or wrapped in data", (flat, wrapped) => {
    const a = normalizeFixture(flat);
    const b = normalizeFixture(wrapped);
    expect(b.id).toBe(a.id);
    expect(b.type).toBe(a.type);
    expect(b.data.details.envelope).toBe("data");
  });

  it.each([
    ["portins-foc.json", "port_in.status_changed", "scheduled"],
    ["portins-note-unicode.json", "port_in.note_added", null],
    ["portouts-complete.json", "port_out.status_changed", "complete"],
    ["disconnects-complete.json", "order.status_changed", "complete"],
    ["orders-partial.json", "order.status_changed", "partial"],
    ["orders-received.json", "order.status_changed", "pending"],
    ["orders-failed-coded-message.json", "order.status_changed", "failed"],
  ])("maps %s by its orderType to %s (%s)", (file, type, status) => {
    const event = normalizeFixture(file);
    expect(event.type).toBe(type);
    expect(event.data.status).toBe(status);
  });

  it("keeps customerOrderId and the error code of a coded message", () => {
    const event = normalizeFixture("orders-failed-coded-message.json");
    expect(event.data.customerReference).toBe("acme-43");
    expect(event.data.details.errorCode).toBe("5005");
  });

  it("keeps unicode notes exactly", () => {
    expect(normalizeFixture("portins-note-unicode.json").data.note).toBe(
      "Le transporteur cédant demande une facture récente — 请提供账单 📄",
    );
  });

  it("queues an order type Bandwidth has not documented as bandwidth.unrecognized", () => {
    expect(normalizeFixture("unknown-order-type.json").type).toBe("bandwidth.unrecognized");
  });

  it("queues a body of no known definition as bandwidth.unrecognized", () => {
    const event = normalizeNotification(body({ eventType: "something_new", data: { x: 1 } }), RECEIVED);
    expect(event.type).toBe("bandwidth.unrecognized");
  });

  it("types a Number_Reputation_Management_Monitoring_Update as number.reputation_changed", () => {
    const event = normalizeFixture("reputation-monitoring-state-change.json");
    assertValidEvent(event);
    expect(event).toMatchObject({
      type: "number.reputation_changed",
      data: {
        orderId: null,
        orderKind: "number_event",
        providerOrderType: "Number_Reputation_Management_Monitoring_Update",
        providerStatus: "FLAGGED",
        phoneNumbers: ["+19195550188"],
        details: { monitoringState: "FLAGGED", previousMonitoringState: "CLEAN" },
      },
    });
    const named = normalizeNotification(
      body({
        subscriptionDefinition: "Number_Reputation_Management_Monitoring_Update",
        data: { phoneNumber: "+19195550188" },
      }),
      RECEIVED,
    );
    expect(named.type).toBe("number.reputation_changed");
  });

  it("gives a reputation update delivered by two subscriptions one id, and two state changes two", () => {
    const raw = JSON.parse(fixtureFile("bandwidth/v2/reputation-monitoring-state-change.json").toString());
    const a = normalizeNotification(body(raw), RECEIVED);
    expect(normalizeNotification(body({ ...raw, subscriptionId: "another" }), RECEIVED).id).toBe(a.id);
    const back = {
      ...raw,
      data: { ...raw.data, monitoringState: "CLEAN", previousMonitoringState: "FLAGGED" },
    };
    expect(normalizeNotification(body(back), RECEIVED).id).not.toBe(a.id);
  });

  it("uses the envelope's eventTime for an event without lastModifiedDate", () => {
    expect(normalizeFixture("reputation-monitoring-state-change.json").time).toBe("2026-03-16T12:00:00.000Z");
  });

  it("gives different unrecognized bodies different ids", () => {
    const a = normalizeNotification(body({ data: { phoneNumber: "+19195550188" } }), RECEIVED);
    const b = normalizeNotification(body({ data: { phoneNumber: "+19195550189" } }), RECEIVED);
    expect(a.id).not.toBe(b.id);
  });

  it("keeps a number it cannot read in details", () => {
    const event = normalizeNotification(
      change({ completedPhoneNumbers: ["+19195550100", "12", 7] }),
      RECEIVED,
    );
    expect(event.data.phoneNumbers).toEqual(["+19195550100"]);
    expect(event.data.details.unreadablePhoneNumbers).toEqual(["12", 7]);
  });

  it("gives a status change and a different status different ids, and the same change the same id", () => {
    const complete = normalizeNotification(change({}), RECEIVED);
    expect(normalizeNotification(change({}), "2030-01-01T00:00:00.000Z").id).toBe(complete.id);
    expect(normalizeNotification(change({ status: "FAILED" }), RECEIVED).id).not.toBe(complete.id);
  });

  it.each([
    ["not JSON", Buffer.from("{")],
    ["not UTF-8", Buffer.from([0x7b, 0xff, 0x7d])],
    ["a JSON array", body([change({})])],
    ["a JSON string", body("orders")],
  ])("rejects %s as malformed", (_, bytes) => {
    expect(() => normalizeNotification(bytes, RECEIVED)).toThrow(MalformedBodyError);
  });
});

describe("the same order change through v1 XML and v2 JSON", () => {
  it("gets the same event id, so it is delivered once during a migration", () => {
    const v1 = normalizeV1(fixture("bandwidth/v1/orders-complete-last-modified.xml"), RECEIVED);
    const v2 = normalizeFixture("orders-complete-blackshear.json");
    expect(v2.id).toBe(v1.id);
    expect(v2.type).toBe(v1.type);
    expect(v2.data.phoneNumbers).toEqual(v1.data.phoneNumbers);
    expect(v2.data.orderId).toBe(v1.data.orderId);
  });

  it("and a note added to an order gets the same id through both", () => {
    const v1 = normalizeV1(fixture("bandwidth/v1/portins-note.xml"), RECEIVED);
    const v2 = normalizeNotification(
      body({
        lastModifiedDate: "2023-09-13T09:30:00.000Z",
        note: "Losing carrier AT&T requests a copy of the latest bill <CSR attached>",
        orderId: "ee456cfb-d237-4adc-b3f8-9db03d2e62a2",
        orderType: "portins",
        customerOrderId: "port-0001",
      }),
      RECEIVED,
    );
    expect(v2.id).toBe(v1.id);
    expect(v2.type).toBe("port_in.note_added");
  });

  it("while a different change of the same order does not", () => {
    const v1 = normalizeV1(fixture("bandwidth/v1/orders-complete-last-modified.xml"), RECEIVED);
    const later = Buffer.from(
      fixtureFile("bandwidth/v2/orders-complete-blackshear.json")
        .toString()
        .replace("20:40:47.539Z", "20:41:00.000Z"),
    );
    expect(normalizeNotification(later, RECEIVED).id).not.toBe(v1.id);
  });
});
