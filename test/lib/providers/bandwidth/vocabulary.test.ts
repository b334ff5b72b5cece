import { describe, expect, it } from "vitest";
import { normalizeNotification as normalizeV1 } from "../../../../lib/providers/bandwidth/v1/normalizeNotification.ts";
import { normalizeNotification as normalizeV2 } from "../../../../lib/providers/bandwidth/v2/normalizeNotification.ts";
import { fixtureFile } from "../../../helpers/fixtureBytes.ts";
import { fixture } from "../../../helpers/fixtures.ts";
import { assertValidEvent } from "../../../helpers/schema.ts";

const RECEIVED = "2026-01-02T03:04:05.000Z";
const ORDER_ID = "a8ef295b-fcf4-44a7-945c-0520c8f49123";

const SUBS =
  "dev.bandwidth.com docs/account/subscriptions, Order Types (api-docs site/docs/account/subscriptions.mdx)";
const PORTIN =
  "api-docs site/docs/numbers/porting/port-ins/stand-alone-port-ins/about.mdx, Fetching Port-in Status";
const BULK =
  "api-docs site/specs/numbers.yml BulkPortinResponse.ProcessingStatus, TnListResponse.ProcessingStatus";
const PORTOUT = "api-docs site/specs/numbers.yml PortOutResponse.ProcessingStatus";
const LSR = "api-docs site/docs/numbers/porting/port-outs/lsrs.mdx";
const CSR = "api-docs site/docs/numbers/porting/port-ins/csrs.mdx";
const EXTERNAL = "api-docs site/specs/numbers.yml ExternalTnsOrder.ProcessingStatus";
const E911 = "api-docs site/specs/numbers.yml /e911s description";
const TFV = "api-docs site/specs/numbers.yml TollFreePortingValidationResponsePayload.ProcessingStatus";

/** Every status each source documents for each order type. */
const DOCUMENTED: [source: string, orderType: string, statuses: string[]][] = [
  [
    SUBS,
    "portins",
    [
      "PENDING_DOCUMENTS",
      "SUBMITTED",
      "FOC",
      "REQUESTED_SUPP",
      "COMPLETE",
      "CANCELLED",
      "EXCEPTION",
      "REQUESTED_CANCEL",
    ],
  ],
  [
    PORTIN,
    "portins",
    [
      "DRAFT",
      "VALIDATE_DRAFT_TFNS",
      "INVALID_DRAFT_TFNS",
      "VALID_DRAFT_TFNS",
      "VALIDATE_TFNS",
      "INVALID_TFNS",
      "PENDING_DOCUMENTS",
      "SUBMITTED",
      "EXCEPTION",
      "REQUESTED_SUPP",
      "FOC",
      "REQUESTED_CANCEL",
      "CANCELLED",
      "COMPLETE",
    ],
  ],
  [SUBS, "orders", ["COMPLETE", "PARTIAL", "BACKORDERED", "FAILED"]],
  [SUBS, "portouts", ["COMPLETE"]],
  [
    PORTOUT,
    "portouts",
    [
      "NEW",
      "SUPP",
      "MODIFY",
      "COMPLETE",
      "CANCELLED",
      "VALIDATION_FAILED_NEW",
      "VALIDATION_FAILED_SUPP",
      "VALIDATION_FAILED_MODIFY",
      "EXCEPTION",
      "SOA_PENDING",
      "SOA_CONFLICT",
    ],
  ],
  [SUBS, "disconnects", ["COMPLETE", "PARTIAL", "FAILED"]],
  [SUBS, "dldas", ["RECEIVED", "PROCESSING", "COMPLETE", "PARTIAL", "FAILED"]],
  [SUBS, "lsrorders", ["PENDING", "FOC", "EXCEPTION", "COMPLETE", "CANCELLED", "PARTIAL", "FAILED"]],
  [LSR, "lsrorders", ["PENDING", "FOC", "EXCEPTION", "COMPLETE", "CANCELLED", "PARTIAL", "FAILED"]],
  [
    SUBS,
    "e911s",
    ["RECEIVED", "PROCESSING", "COMPLETE", "ADJUSTED_COMPLETE", "PARTIAL", "ADJUSTED_PARTIAL", "FAILED"],
  ],
  [
    E911,
    "e911s",
    ["RECEIVED", "PROCESSING", "COMPLETE", "PARTIAL", "FAILED", "ADJUSTED_COMPLETE", "ADJUSTED_PARTIAL"],
  ],
  [SUBS, "tnoptions", ["RECEIVED", "PROCESSING", "COMPLETE", "PARTIAL", "FAILED"]],
  [SUBS, "externalTns", ["COMPLETE", "PARTIAL", "FAILED"]],
  [EXTERNAL, "externalTns", ["RECEIVED", "PROCESSING", "COMPLETE", "PARTIAL", "FAILED"]],
  [SUBS, "lidb", ["PROCESSING", "COMPLETE", "PARTIAL", "FAILED"]],
  [SUBS, "bulkPortins", ["DRAFT", "IN_PROGRESS", "NEEDS_ATTENTION", "PARTIAL", "COMPLETED", "CANCELLED"]],
  [
    BULK,
    "bulkPortins",
    [
      "DRAFT",
      "IN_PROGRESS",
      "NEEDS_ATTENTION",
      "PARTIAL",
      "COMPLETED",
      "CANCELLED",
      "CANCELED",
      "VALIDATE_DRAFT_TNS",
      "VALID_DRAFT_TNS",
      "INVALID_DRAFT_TNS",
    ],
  ],
  [SUBS, "importtnorders", ["COMPLETE", "PARTIAL", "FAILED", "EXCEPTION"]],
  [SUBS, "removeImportedTnOrders", ["PROCESSING", "COMPLETE", "PARTIAL", "FAILED"]],
  [SUBS, "importVoiceTnOrders", ["COMPLETE", "PARTIAL", "FAILED", "EXCEPTION"]],
  [SUBS, "removeImportedVoiceTnOrders", ["PROCESSING", "COMPLETE", "PARTIAL", "FAILED"]],
  [SUBS, "csrs", ["COMPLETE", "FAILED", "ACTION_REQUIRED"]],
  [CSR, "csrs", ["PROCESSING", "ACTION_REQUIRED", "REQUESTED_CANCEL"]],
  [SUBS, "emergencyNotificationGroup", ["COMPLETE", "FAILED"]],
  [SUBS, "emergencyEndpointGroup", ["COMPLETE", "FAILED"]],
  [TFV, "tollfreePortingValidations", ["SUBMITTED", "PROCESSING", "FAILED", "COMPLETE", "CANCELLED"]],
];

/** Event family and order kind per order type; `lsrorders` move numbers away from Bandwidth (LSR). */
const EXPECTED_TYPE: Record<string, [family: string, kind: string]> = {
  portins: ["port_in", "port_in"],
  bulkPortins: ["port_in", "port_in"],
  portouts: ["port_out", "port_out"],
  lsrorders: ["port_out", "lsr"],
  orders: ["order", "number_order"],
  disconnects: ["order", "disconnect"],
  dldas: ["order", "directory_listing"],
  e911s: ["order", "e911"],
  tnoptions: ["order", "tn_option"],
  externalTns: ["order", "external_tn"],
  lidb: ["order", "lidb"],
  importtnorders: ["order", "tn_import"],
  importVoiceTnOrders: ["order", "tn_import"],
  removeImportedTnOrders: ["order", "tn_import_removal"],
  removeImportedVoiceTnOrders: ["order", "tn_import_removal"],
  csrs: ["order", "csr"],
  emergencyNotificationGroup: ["order", "emergency_notification_group"],
  emergencyEndpointGroup: ["order", "emergency_endpoint_group"],
  tollfreePortingValidations: ["order", "tollfree_porting_validation"],
};

/** What each documented state means for the owner, from the sources above. */
const EXPECTED_STATUS: Record<string, string> = {
  DRAFT: "draft",
  VALIDATE_DRAFT_TNS: "draft",
  VALID_DRAFT_TNS: "draft",
  VALIDATE_DRAFT_TFNS: "draft",
  VALID_DRAFT_TFNS: "draft",
  INVALID_DRAFT_TNS: "action_required",
  INVALID_DRAFT_TFNS: "action_required",
  VALIDATE_TFNS: "processing",
  INVALID_TFNS: "action_required",
  RECEIVED: "pending",
  PENDING: "pending",
  NEW: "pending",
  BACKORDERED: "pending",
  PENDING_DOCUMENTS: "action_required",
  EXCEPTION: "action_required",
  NEEDS_ATTENTION: "action_required",
  ACTION_REQUIRED: "action_required",
  VALIDATION_FAILED_NEW: "action_required",
  VALIDATION_FAILED_SUPP: "action_required",
  VALIDATION_FAILED_MODIFY: "action_required",
  SOA_CONFLICT: "action_required",
  REQUESTED_SUPP: "processing",
  SUPP: "processing",
  SUBMITTED: "processing",
  PROCESSING: "processing",
  IN_PROGRESS: "processing",
  MODIFY: "processing",
  SOA_PENDING: "processing",
  FOC: "scheduled",
  REQUESTED_CANCEL: "cancel_pending",
  COMPLETE: "complete",
  COMPLETED: "complete",
  ADJUSTED_COMPLETE: "complete",
  PARTIAL: "partial",
  ADJUSTED_PARTIAL: "partial",
  FAILED: "failed",
  CANCELLED: "cancelled",
  CANCELED: "cancelled",
};

const v1Xml = (orderType: string, status: string) =>
  `<Notification><OrderType>${orderType}</OrderType><OrderId>${ORDER_ID}</OrderId><Status>${status}</Status></Notification>`;
const v2Json = (orderType: string, status: string) =>
  Buffer.from(
    JSON.stringify({ lastModifiedDate: RECEIVED, message: "m", orderId: ORDER_ID, orderType, status }),
  );

const rows = DOCUMENTED.flatMap(([source, orderType, statuses]) =>
  statuses.map((status) => [orderType, status, source] as const),
);

describe.each([
  ["v1", (orderType: string, status: string) => normalizeV1(v1Xml(orderType, status), RECEIVED)],
  ["v2", (orderType: string, status: string) => normalizeV2(v2Json(orderType, status), RECEIVED)],
])("every documented Bandwidth order type and status (%s)", (_, normalize) => {
  it.each(rows)("%s %s (%s)", (orderType, status) => {
    const [family, kind] = EXPECTED_TYPE[orderType] ?? [];
    const event = normalize(orderType, status);
    assertValidEvent(event);
    expect(event.type).toBe(`${family}.status_changed`);
    expect(event.data.orderKind).toBe(kind);
    expect(event.data.providerStatus).toBe(status);
    expect(event.data.status).toBe(EXPECTED_STATUS[status]);
    expect(event.data.status).not.toBe("unknown");
  });
});

describe("values that name the object prototype", () => {
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])(
    "an order type %s is an undocumented order type, queued as bandwidth.unrecognized",
    (orderType) => {
      for (const event of [
        normalizeV1(v1Xml(orderType, "COMPLETE"), RECEIVED),
        normalizeV2(v2Json(orderType, "COMPLETE"), RECEIVED),
      ]) {
        assertValidEvent(event);
        expect(event.type).toBe("bandwidth.unrecognized");
        expect(event.data.orderKind).toBe("unknown");
        expect(event.data.status).toBe("complete");
      }
    },
  );

  it.each(["constructor", "__proto__", "valueOf"])(
    "a status %s is a status no document lists: unknown",
    (status) => {
      const event = normalizeV2(v2Json("orders", status), RECEIVED);
      assertValidEvent(event);
      expect(event.data.status).toBe("unknown");
      expect(event.data.providerStatus).toBe(status);
    },
  );
});

describe("a v1 notification with two <Status> elements", () => {
  const twice = (a: string, b: string) =>
    `<Notification><OrderType>portins</OrderType><OrderId>${ORDER_ID}</OrderId><Status>${a}</Status><Note>n</Note><Status>${b}</Status></Notification>`;

  it("is the status change it says when both say the same", () => {
    const event = normalizeV1(twice("FOC", "FOC"), RECEIVED);
    expect(event.type).toBe("port_in.status_changed");
    expect(event.data.status).toBe("scheduled");
    expect(event.data.note).toBe("n");
  });

  it("is queued as unrecognized with the reason, never turned into a note, when they differ", () => {
    // Bandwidth never resends a v1 notification: refusing it would lose it (issue 17, point 8).
    const event = normalizeV1(twice("FOC", "EXCEPTION"), RECEIVED);
    expect(event.type).toBe("bandwidth.unrecognized");
    expect(event.data.status).not.toBe("scheduled");
    expect(event.data.details.unrecognizedReason).toBe("<Status> repeated with different values");
    expect(event.data.providerPayload).toMatchObject({ Status: ["FOC", "EXCEPTION"] });
  });
});

describe("fixtures in the shapes the Bandwidth docs show (events/README.md)", () => {
  const v1 = (name: string) => normalizeV1(fixture(`bandwidth/v1/${name}`), RECEIVED);
  it.each([
    ["portins-requested-supp.xml", "port_in.status_changed", "processing"],
    ["portins-invalid-tfns.xml", "port_in.status_changed", "action_required"],
    ["bulkportins-valid-draft-tns.xml", "port_in.status_changed", "draft"],
    ["lsrorders-foc.xml", "port_out.status_changed", "scheduled"],
  ])("%s → %s, %s", (name, type, status) => {
    const event = v1(name);
    expect([event.type, event.data.status]).toEqual([type, status]);
  });

  it("an LSR order through v2 is a port-out too", () => {
    const event = normalizeV2(fixtureFile("bandwidth/v2/lsrorders-exception.json"), RECEIVED);
    expect([event.type, event.data.orderKind, event.data.status]).toEqual([
      "port_out.status_changed",
      "lsr",
      "action_required",
    ]);
  });

  it("two EXCEPTIONs of one port-in without LastModifiedDate are two events", () => {
    const first = v1("portins-exception-no-timestamp.xml");
    const again = v1("portins-exception-no-timestamp-again.xml");
    expect(again.id).not.toBe(first.id);
    expect(v1("portins-exception-no-timestamp.xml").id).toBe(first.id);
  });
});
