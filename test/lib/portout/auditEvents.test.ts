import { describe, expect, it } from "vitest";
import {
  buildAuditEvent,
  buildUnlockEvent,
  REDACTED,
  redactRequest,
} from "../../../lib/portout/auditEvents.ts";
import { decide, fallbackDecision } from "../../../lib/portout/decide.ts";
import { decisionOf } from "../../../lib/portout/decisionOf.ts";
import { loadPolicy } from "../../../lib/portout/policy.ts";
import type { PortOutValidationRequest } from "../../../lib/portout/request.ts";
import { assertValidEvent } from "../../helpers/schema.ts";

const request: PortOutValidationRequest = {
  pon: "pon-9",
  pin: "4321",
  accountNumber: "ACC-998877",
  zipCode: "62025",
  subscriberName: "Jane Q. Customer",
  telephoneNumbers: ["2223331000", "junk"],
};
const context = {
  receivedAt: "2026-11-23T07:00:00.000Z",
  latencyMs: 42,
  directory: "dynamodb",
  policy: "fail-closed",
  idKey: Buffer.alloc(32, 1),
};
const approved = decisionOf({
  pon: "pon-9",
  errors: [],
  acceptableNumbers: ["2223331000"],
  checks: [],
  basis: "directory",
});

describe("redactRequest", () => {
  it("replaces PIN, account number and subscriber name, keeps what is needed to investigate", () => {
    expect(redactRequest(request)).toEqual({
      pon: "pon-9",
      pin: REDACTED,
      accountNumber: REDACTED,
      zipCode: "62025",
      subscriberName: REDACTED,
      telephoneNumbers: ["2223331000", "junk"],
    });
    expect(redactRequest({ ...request, pin: null }).pin).toBeNull();
  });
});

describe("buildAuditEvent", () => {
  it("builds a schema-valid port_out.validation_decided event without the redacted values", () => {
    const event = buildAuditEvent(request, approved, context);
    assertValidEvent(event);
    expect(event).toMatchObject({
      type: "port_out.validation_decided",
      subject: "pon-9",
      time: context.receivedAt,
      data: {
        phoneNumbers: ["+12223331000"],
        status: "complete",
        details: { latencyMs: 42, portable: true },
      },
    });
    const text = JSON.stringify(event);
    for (const secret of ["4321", "ACC-998877", "998877", "Jane"]) expect(text).not.toContain(secret);
  });

  it("maps the answer to a canonical status: exception, cancelled, or approved by Bandwidth on 7599", async () => {
    const policy = loadPolicy({});
    const status = (codes: number[]) =>
      buildAuditEvent(
        request,
        decisionOf({
          pon: null,
          errors: codes.map((code) => ({ code, description: "" })),
          acceptableNumbers: [],
          checks: [],
          basis: "directory",
        }),
        context,
      ).data.status;
    expect(status([7513])).toBe("action_required");
    expect(status([7513, 7518])).toBe("cancelled");
    expect(
      buildAuditEvent(request, fallbackDecision(null, "directory", "fail-open"), context).data.status,
    ).toBe("complete");
    expect(
      buildAuditEvent(request, await decide(request, new Map(), policy), context).data.providerStatus,
    ).toBe("NOT_PORTABLE");
  });

  it("has a keyed id: stable for the same request and answer, different for another PIN or key", () => {
    const id = buildAuditEvent(request, approved, context).id;
    expect(
      buildAuditEvent(request, approved, {
        ...context,
        latencyMs: 900,
        receivedAt: "2026-11-23T07:05:00.000Z",
      }).id,
    ).toBe(id);
    expect(buildAuditEvent({ ...request, pin: "4322" }, approved, context).id).not.toBe(id);
    expect(buildAuditEvent(request, approved, { ...context, idKey: Buffer.alloc(32, 2) }).id).not.toBe(id);
    expect(id).toMatch(/^bwpov-[0-9a-f]{64}$/);
  });
});

describe("buildUnlockEvent", () => {
  const unlock = {
    telephoneNumber: "+12223331000",
    failures: 5,
    unlockedAt: "2026-11-26T02:00:00.000Z",
    unlockedBy: "ops@bastion",
  };

  it("builds a schema-valid port_out.pin_unlocked event grouped by the number, with who, when and the count", () => {
    const event = buildUnlockEvent(unlock);
    assertValidEvent(event);
    expect(event).toMatchObject({
      type: "port_out.pin_unlocked",
      time: unlock.unlockedAt,
      data: {
        orderId: null,
        orderKind: "port_out",
        phoneNumbers: ["+12223331000"],
        providerStatus: "PIN_UNLOCKED",
        message: "wrong-PIN count cleared by ops@bastion (5 wrong PINs counted)",
        details: unlock,
      },
    });
    expect(event.subject).toBeUndefined();
  });

  it("has the same id for the same unlock, another for another time or number", () => {
    const id = buildUnlockEvent(unlock).id;
    expect(buildUnlockEvent({ ...unlock }).id).toBe(id);
    expect(buildUnlockEvent({ ...unlock, unlockedAt: "2026-11-26T02:00:01.000Z" }).id).not.toBe(id);
    expect(buildUnlockEvent({ ...unlock, telephoneNumber: "+12223331001" }).id).not.toBe(id);
    expect(id).toMatch(/^bwpou-[0-9a-f]{64}$/);
  });
});
