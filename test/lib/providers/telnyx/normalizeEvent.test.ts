import { describe, expect, it } from "vitest";
import { MalformedBodyError } from "../../../../lib/errors.ts";
import { normalizeTelnyxEvent } from "../../../../lib/providers/telnyx/normalizeEvent.ts";
import { fixtureBytes, fixtureFile } from "../../../helpers/fixtureBytes.ts";
import { assertValidEvent } from "../../../helpers/schema.ts";
import { telnyxEnvelope } from "../../../helpers/telnyxEvent.ts";

const RECEIVED = "2026-01-02T03:04:05.000Z";
const FIXTURES = fixtureBytes("telnyx");
const normalizeFixture = (name: string) => normalizeTelnyxEvent(fixtureFile(`telnyx/${name}`), RECEIVED);
const body = (value: unknown) => Buffer.from(JSON.stringify(value));
const enveloped = telnyxEnvelope;

describe("normalizeTelnyxEvent over every fixture", () => {
  it.each(FIXTURES)("%s gives a schema-valid canonical event with Telnyx's event id", (_, bytes) => {
    const event = normalizeTelnyxEvent(bytes, RECEIVED);
    assertValidEvent(event);
    const raw = JSON.parse(bytes.toString("utf8"));
    expect(event.id).toBe(raw.data?.id ?? raw.id);
    expect(event.source).toBe("telnyx");
    // Everything Telnyx sent, but the PIN a port-out attempt carried.
    const pin = raw.data?.payload?.attempted_pin;
    if (pin) raw.data.payload.attempted_pin = "[REDACTED]";
    expect(event.data.providerPayload).toEqual(raw);
    expect(event.data.receivedAt).toBe(RECEIVED);
    expect(event.data.details.eventType).toBe(raw.data?.event_type ?? raw.event_type);
  });
});

/**
 * Every event type of docs/providers.md#telnyx-event-types, with the fixture that carries it and the
 * canonical outcome.
 */
const EVENT_TYPES: [string, string, string, string | null, string][] = [
  [
    "number_order.complete",
    "number-order-complete-full.json",
    "order.status_changed",
    "complete",
    "number_order",
  ],
  [
    "porting_order.status_changed",
    "porting-order-status-changed-exception.json",
    "port_in.status_changed",
    "action_required",
    "port_in",
  ],
  ["porting_order.new_comment", "porting-order-new-comment.json", "port_in.note_added", null, "port_in"],
  ["porting_order.split", "porting-order-split.json", "port_in.split", null, "port_in"],
  [
    "porting_order.messaging_changed",
    "porting-order-messaging-changed-flat.json",
    "port_in.updated",
    null,
    "port_in",
  ],
  [
    "porting_order.deleted",
    "porting-order-deleted-flat.json",
    "port_in.status_changed",
    "cancelled",
    "port_in",
  ],
  ["porting_order.loa_updated", "porting-order-loa-updated.json", "port_in.updated", null, "port_in"],
  [
    "porting_order.sharing_token_expired",
    "porting-order-sharing-token-expired-flat.json",
    "port_in.updated",
    null,
    "port_in",
  ],
  [
    "portout.status_changed",
    "portout-status-changed-rejected-pending.json",
    "port_out.status_changed",
    "processing",
    "port_out",
  ],
  ["portout.new_comment", "portout-new-comment.json", "port_out.note_added", null, "port_out"],
  [
    "portout.foc_date_changed",
    "portout-foc-date-changed.json",
    "port_out.foc_date_changed",
    null,
    "port_out",
  ],
  [
    "messaging_hosted_numbers_orders.created",
    "hosted-number-order-created.json",
    "order.status_changed",
    "pending",
    "hosted_number_order",
  ],
  [
    "messaging_hosted_numbers_orders.updated",
    "hosted-number-order-updated.json",
    "order.status_changed",
    "partial",
    "hosted_number_order",
  ],
  [
    "messaging_hosted_numbers_orders.deleted",
    "hosted-number-order-deleted.json",
    "order.status_changed",
    "cancelled",
    "hosted_number_order",
  ],
  [
    "messaging_hosted_numbers_orders.internal_transfer_detected",
    "hosted-number-order-internal-transfer-detected.json",
    "order.status_changed",
    "pending",
    "hosted_number_order",
  ],
  [
    "messaging_hosted_numbers_orders.internal_transfer_approval_requested",
    "hosted-number-order-internal-transfer-approval-requested.json",
    "order.status_changed",
    "pending",
    "hosted_number_order",
  ],
  [
    "messaging_hosted_numbers_orders.internal_transfer_approved",
    "hosted-number-order-internal-transfer-approved.json",
    "order.status_changed",
    "processing",
    "hosted_number_order",
  ],
  [
    "messaging_hosted_numbers_orders.internal_transfer_rejected",
    "hosted-number-order-internal-transfer-rejected.json",
    "order.status_changed",
    "failed",
    "hosted_number_order",
  ],
  [
    "messaging_hosted_numbers_orders.internal_transfer_auto_approved",
    "hosted-number-order-internal-transfer-auto-approved.json",
    "order.status_changed",
    "processing",
    "hosted_number_order",
  ],
];

describe("every event type of docs/providers.md#telnyx-event-types", () => {
  it.each(EVENT_TYPES)("%s (%s) → %s, status %s", (eventType, file, type, status, kind) => {
    const event = normalizeFixture(file);
    expect(event.data.details.eventType).toBe(eventType);
    expect(event.type).toBe(type);
    expect(event.data.status).toBe(status);
    expect(event.data.orderKind).toBe(kind);
    expect(event.data.orderId).not.toBeNull();
    expect(event.subject).toBe(event.data.orderId);
  });
});

describe("normalizeTelnyxEvent", () => {
  it("maps the documented number_order.complete example, which has no order id or status", () => {
    const event = normalizeFixture("number-order-complete.json");
    expect(event).toMatchObject({
      id: "d578b093-a0e7-4b64-b0d3-6b689a6ff170",
      type: "order.status_changed",
      time: "2025-08-22T16:23:54.496Z",
      data: {
        orderId: null,
        status: "complete",
        providerStatus: null,
        phoneNumbers: ["+19705555098"],
        numberResults: [
          {
            phoneNumber: "+19705555098",
            status: "complete",
            providerStatus: "success",
            requirementsMet: true,
          },
        ],
        customerReference: "MY REF 001",
        details: { connectionId: "346789098765567", envelope: "enveloped", deliveryAttempt: 1 },
      },
    });
    expect(event.subject).toBeUndefined();
  });

  it("keeps per-number results so a partial order tells which number failed", () => {
    const event = normalizeFixture("number-order-complete-partial.json");
    expect(event.data.status).toBe("partial");
    expect(event.data.providerStatus).toBe("success");
    const failed = event.data.numberResults?.filter((result) => result.status === "failed");
    expect(failed).toEqual([
      {
        phoneNumber: "+13125550103",
        status: "failed",
        providerStatus: "failure",
        requirementsMet: false,
        phoneNumberType: "local",
        countryCode: "US",
      },
    ]);
  });

  it("keeps the exception reasons of a porting order", () => {
    const event = normalizeFixture("porting-order-status-changed-exception.json");
    expect(event.data.details.exceptionCodes).toEqual([
      "ACCOUNT_NUMBER_MISMATCH",
      "PORTING_ORDER_SPLIT_REQUIRED",
      "LOA_ILLEGIBLE",
    ]);
    expect(event.data.message).toContain("Account number does not match that on the CSR");
  });

  it("reads both envelope shapes, the flat one without meta", () => {
    const flat = normalizeFixture("porting-order-messaging-changed-flat.json");
    expect(flat.id).toBe("626110d0-fab6-4a13-9183-3b331c41ccac");
    expect(flat.data.details).toMatchObject({ envelope: "flat", messagingPortStatus: "exception" });
    expect(flat.data.details.deliveryAttempt).toBeUndefined();
    expect(normalizeFixture("porting-order-split.json").data.details.envelope).toBe("enveloped");
  });

  it("names the split-off order", () => {
    const event = normalizeFixture("porting-order-split.json");
    expect(event.data.orderId).toBe("a6efe074-0a3a-4522-8512-d0e004cf6c7d");
    expect(event.data.details.splitTo).toBe("ef245340-da3d-4212-8769-1fa7672a675f");
  });

  it("keeps the FOC date of a port-out", () => {
    const event = normalizeFixture("portout-foc-date-changed.json");
    expect(event.data.details.focDate).toBe("2022-12-20T00:00:00Z");
    expect(event.data.orderId).toBe("330f47af-4296-417a-84f6-05cec6ea5a8d");
  });

  it("takes a port-out comment's order from portout_id, not the comment's own id", () => {
    const event = normalizeFixture("portout-new-comment.json");
    expect(event.data.orderId).toBe("d4b1f5ab-16cd-4f14-a8a9-b3c4d5e6f708");
    expect(event.data.details.commentId).toBe("07e42cde-49f0-4c47-9bdc-e6f708192a3b");
  });

  it("keeps a number it cannot read (the docs' {{phone_number}} placeholder) in details", () => {
    const event = normalizeFixture("portout-status-changed-rejected-pending.json");
    expect(event.data.phoneNumbers).toEqual([]);
    expect(event.data.details.unreadablePhoneNumbers).toEqual(["{{phone_number}}"]);
  });

  it("keeps the internal-transfer decision and deadline", () => {
    const event = normalizeFixture("hosted-number-order-internal-transfer-approval-requested.json");
    expect(event.data.details).toMatchObject({
      decision: "pending",
      approvalDeadline: "2026-04-04T09:00:06.000Z",
    });
  });

  it("keeps unicode text exactly, and a string meta.attempt", () => {
    const event = normalizeFixture("porting-order-new-comment-unicode.json");
    expect(event.data.note).toContain("ÿ 中文 🚀");
    expect(event.data.details.deliveryAttempt).toBe("1");
  });

  it.each([
    ["unknown-event-type.json", "unknown"],
    ["porting-order-unknown-subtype.json", "port_in"],
  ])("queues %s as telnyx.unrecognized, never dropped", (file, kind) => {
    const event = normalizeFixture(file);
    expect(event.type).toBe("telnyx.unrecognized");
    expect(event.data.orderKind).toBe(kind);
    expect(event.data.orderId).not.toBeNull();
  });

  it("uses the receive time when occurred_at is missing", () => {
    const event = normalizeTelnyxEvent(
      body({ data: { id: "x", event_type: "portout.new_comment", payload: {} } }),
      RECEIVED,
    );
    expect(event.time).toBe(RECEIVED);
  });

  it("gives the same event the same id whatever the delivery attempt", () => {
    const first = enveloped("portout.status_changed", { id: "po-1", status: "ported" });
    const retry = Buffer.from(first.toString().replace('"attempt":1', '"attempt":2'));
    expect(normalizeTelnyxEvent(retry, RECEIVED).id).toBe(
      normalizeTelnyxEvent(first, "2030-01-01T00:00:00.000Z").id,
    );
  });

  it.each([
    ["not JSON", Buffer.from("{")],
    ["not UTF-8", Buffer.from([0x7b, 0xff, 0x7d])],
    ["a JSON array", body([])],
    ["an event without an id", body({ data: { event_type: "portout.status_changed", payload: {} } })],
    ["an event without an event type", body({ data: { id: "x", payload: {} }, meta: {} })],
    [
      "a payload that is not an object",
      body({ id: "x", event_type: "portout.status_changed", payload: "no" }),
    ],
  ])("rejects %s as malformed", (_, bytes) => {
    expect(() => normalizeTelnyxEvent(bytes, RECEIVED)).toThrow(MalformedBodyError);
  });
});
