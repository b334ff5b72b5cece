import { describe, expect, it } from "vitest";
import { normalizeTelnyxEvent } from "../../../../lib/providers/telnyx/normalizeEvent.ts";
import { fixtureFile } from "../../../helpers/fixtureBytes.ts";
import { assertValidEvent } from "../../../helpers/schema.ts";
import { telnyxEnvelope } from "../../../helpers/telnyxEvent.ts";

const RECEIVED = "2026-01-02T03:04:05.000Z";
const normalize = (eventType: string, payload: unknown) => {
  const event = normalizeTelnyxEvent(telnyxEnvelope(eventType, payload), RECEIVED);
  assertValidEvent(event);
  return event;
};

// Sources, all in team-telnyx/telnyx-node:
const PORTING_EVENTS = "src/resources/porting/events.ts EventListParams.Filter.type";
const PORTOUT_EVENTS = "src/resources/portouts/events.ts PortoutEvent.event_type";
const HOSTED_EVENTS = "src/resources/webhooks.ts HostedNumberOrderEventWebhookEvent.Data.event_type";
const NUMBER_ORDER_EVENTS = "src/resources/webhooks.ts NumberOrderStatusUpdate (number_order.complete)";

describe("every documented Telnyx event type", () => {
  it.each([
    ["porting_order.status_changed", "port_in.status_changed", PORTING_EVENTS],
    ["porting_order.new_comment", "port_in.note_added", PORTING_EVENTS],
    ["porting_order.split", "port_in.split", PORTING_EVENTS],
    ["porting_order.messaging_changed", "port_in.updated", PORTING_EVENTS],
    ["porting_order.deleted", "port_in.status_changed", PORTING_EVENTS],
    ["porting_order.loa_updated", "port_in.updated", PORTING_EVENTS],
    ["porting_order.sharing_token_expired", "port_in.updated", PORTING_EVENTS],
    ["portout.status_changed", "port_out.status_changed", PORTOUT_EVENTS],
    ["portout.new_comment", "port_out.note_added", PORTOUT_EVENTS],
    ["portout.foc_date_changed", "port_out.foc_date_changed", PORTOUT_EVENTS],
    ["number_order.complete", "order.status_changed", NUMBER_ORDER_EVENTS],
    ...[
      "created",
      "updated",
      "deleted",
      "internal_transfer_detected",
      "internal_transfer_approval_requested",
      "internal_transfer_approved",
      "internal_transfer_rejected",
      "internal_transfer_auto_approved",
    ].map((change) => [`messaging_hosted_numbers_orders.${change}`, "order.status_changed", HOSTED_EVENTS]),
  ])("%s → %s (%s)", (eventType, type) => {
    expect(normalize(eventType, { id: "o-1" }).type).toBe(type);
  });

  it.each(["constructor", "__proto__", "porting_order.constructor", "portout.__proto__", "portout.toString"])(
    "an event type %s is one nobody documented: telnyx.unrecognized",
    (eventType) => {
      expect(normalize(eventType, { id: "o-1", status: "constructor" }).type).toBe("telnyx.unrecognized");
    },
  );
});

/** [provider value, canonical status] per documented status list; the source is named in the describe. */
const PORTING_ORDER: [string, string][] = [
  ["draft", "draft"],
  ["in-process", "processing"],
  ["submitted", "processing"],
  ["exception", "action_required"],
  ["foc-date-confirmed", "scheduled"],
  ["ported", "complete"],
  ["cancelled", "cancelled"],
  ["cancel-pending", "cancel_pending"],
];
const PORTOUT: [string, string][] = [
  ["pending", "action_required"],
  ["authorized", "processing"],
  ["rejected-pending", "processing"],
  ["rejected", "failed"],
  ["canceled", "cancelled"],
  ["ported", "complete"],
];
const NUMBER_ORDER: [string, string][] = [
  ["pending", "pending"],
  ["success", "complete"],
  ["failure", "failed"],
];
const HOSTED_ORDER: [string, string][] = [
  ["pending", "pending"],
  ["provisioning", "processing"],
  ["successful", "complete"],
  ["failed", "failed"],
  ["deleted", "cancelled"],
  ["carrier_rejected", "failed"],
  ["compliance_review_failed", "failed"],
  ["incomplete_documentation", "action_required"],
  ["incorrect_billing_information", "action_required"],
  ["ineligible_carrier", "failed"],
  ["loa_file_invalid", "action_required"],
  ["loa_file_successful", "processing"],
];
const HOSTED_NUMBER: [string, string][] = [
  ["deleted", "cancelled"],
  ["failed", "failed"],
  ["failed_activation", "failed"],
  ["failed_carrier_rejected", "failed"],
  ["failed_ineligible_carrier", "failed"],
  ["failed_number_already_hosted", "failed"],
  ["failed_number_not_found", "failed"],
  ["failed_ownership_verification", "failed"],
  ["failed_timeout", "failed"],
  ["ownership_successful", "processing"],
  ["pending", "pending"],
  ["provisioning", "processing"],
  ["successful", "complete"],
];
const MESSAGING_PORT: [string, string | null][] = [
  ["not_applicable", null],
  ["pending", "pending"],
  ["activating", "processing"],
  ["exception", "action_required"],
  ["canceled", "cancelled"],
  ["partial_port_complete", "partial"],
  ["ported", "complete"],
];
const REQUIREMENTS: string[] = [
  "pending",
  "approved",
  "cancelled",
  "deleted",
  "requirement-info-exception",
  "requirement-info-pending",
  "requirement-info-under-review",
];

describe("every documented Telnyx status", () => {
  it.each(PORTING_ORDER)(
    "porting order %s → %s (src/resources/shared.ts PortingOrderStatus.value)",
    (value, status) => {
      const event = normalize("porting_order.status_changed", { id: "p-1", status: { value, details: [] } });
      expect([event.data.status, event.data.providerStatus]).toEqual([status, value]);
    },
  );

  it.each(PORTOUT)(
    "port-out %s → %s (src/resources/portouts/events.ts Payload.status; developers.telnyx.com docs/numbers/porting/port-out-quickstart)",
    (value, status) => {
      const event = normalize("portout.status_changed", { id: "po-1", status: value });
      expect([event.data.status, event.data.providerStatus]).toEqual([status, value]);
    },
  );

  it.each(NUMBER_ORDER)("number order %s → %s (src/resources/number-orders.ts status)", (value, status) => {
    const event = normalize("number_order.complete", {
      id: "n-1",
      status: value,
      phone_numbers: [{ phone_number: "+13125550101", status: value }],
    });
    expect(event.data.status).toBe(status);
    expect(event.data.numberResults?.[0]?.status).toBe(status);
  });

  it.each(HOSTED_ORDER)(
    "hosted-number order %s → %s (src/resources/webhooks.ts order_status)",
    (value, status) => {
      expect(
        normalize("messaging_hosted_numbers_orders.updated", { order_id: "h-1", order_status: value }).data
          .status,
      ).toBe(status);
    },
  );

  it.each(HOSTED_NUMBER)(
    "hosted number %s → %s (src/resources/webhooks.ts numbers[].status)",
    (value, status) => {
      const event = normalize("messaging_hosted_numbers_orders.updated", {
        order_id: "h-1",
        numbers: [{ value: "+13125550101", status: value }],
      });
      expect(event.data.numberResults?.[0]?.status).toBe(status);
    },
  );

  it.each(MESSAGING_PORT)(
    "messaging port %s → %s (src/resources/porting/events.ts messaging.messaging_port_status)",
    (value, status) => {
      const event = normalize("porting_order.messaging_changed", {
        id: "p-1",
        messaging: { messaging_port_status: value, messaging_port_completed: value === "ported" },
      });
      expect(event.data.details.messagingPortStatus).toBe(value);
      expect(event.data.details.messagingStatus ?? null).toBe(status);
      expect(event.data.details.messagingPortCompleted).toBe(value === "ported");
    },
  );

  it.each(REQUIREMENTS)(
    "a number's requirements_status %s is kept (src/resources/number-orders.ts)",
    (value) => {
      const event = normalize("number_order.complete", {
        id: "n-1",
        phone_numbers: [{ phone_number: "+13125550101", requirements_status: value }],
      });
      expect(event.data.numberResults?.[0]?.requirementsStatus).toBe(value);
    },
  );

  it.each(["constructor", "__proto__", "toString"])(
    "a status %s is one nobody documented: unknown",
    (value) => {
      expect(normalize("portout.status_changed", { id: "po-1", status: value }).data.status).toBe("unknown");
      expect(normalize("porting_order.status_changed", { id: "p-1", status: { value } }).data.status).toBe(
        "unknown",
      );
      const hosted = normalize("messaging_hosted_numbers_orders.updated", {
        order_id: "h-1",
        order_status: value,
        numbers: [{ value: "+13125550101", status: value }],
      });
      expect(hosted.data.numberResults?.[0]?.status).toBe("unknown");
    },
  );
});

describe("what consumers need, kept in details", () => {
  const fixture = (name: string) => normalizeTelnyxEvent(fixtureFile(`telnyx/${name}`), RECEIVED);

  it("names the porting phone numbers a split moved", () => {
    expect(fixture("porting-order-split-phone-numbers.json").data.details).toMatchObject({
      splitFrom: "a6efe074-0a3a-4522-8512-d0e004cf6c7d",
      splitTo: "ef245340-da3d-4212-8769-1fa7672a675f",
      movedPortingPhoneNumberIds: [
        "e3b8d1f2-6a4c-4b9e-8d7f-1c2a3b4c5d6e",
        "f4c9e2a3-7b5d-4c0f-9e8a-2d3b4c5d6e7f",
      ],
    });
  });

  it("says whether the messaging port completed", () => {
    expect(fixture("porting-order-messaging-changed-ported.json").data.details).toMatchObject({
      messagingPortCompleted: true,
      messagingPortStatus: "ported",
      messagingStatus: "complete",
    });
  });

  it("keeps each ordered number's type, country and requirements status", () => {
    expect(fixture("number-order-complete-requirements.json").data.numberResults).toEqual([
      {
        phoneNumber: "+442071838750",
        status: "pending",
        providerStatus: "pending",
        requirementsMet: false,
        requirementsStatus: "requirement-info-pending",
        phoneNumberType: "local",
        countryCode: "GB",
      },
      {
        phoneNumber: "+442071838751",
        status: "complete",
        providerStatus: "success",
        requirementsMet: true,
        requirementsStatus: "approved",
        phoneNumberType: "toll_free",
        countryCode: "GB",
      },
    ]);
  });

  it("marks a pending port-out as needing the owner's answer", () => {
    const event = fixture("portout-status-changed-pending-attempted-pin.json");
    expect(event.type).toBe("port_out.status_changed");
    expect(event.data.status).toBe("action_required");
  });
});
