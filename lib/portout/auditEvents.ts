import { createHash, createHmac } from "node:crypto";
import {
  buildEvent,
  type CanonicalEvent,
  type CanonicalEventData,
  type CanonicalStatus,
} from "../event/canonical.ts";
import { toE164 } from "../phone.ts";
import type { Decision } from "./decisionOf.ts";
import type { NewLock } from "./lockout.ts";
import type { PortOutValidationRequest } from "./request.ts";

/** What replaces a PIN, account number or subscriber name in the audit trail. */
export const REDACTED = "[REDACTED]";
/**
 * Bandwidth cancels the port on these codes; the others put it in exception
 * (docs/providers.md#port-out-validation-error-codes).
 */
const CANCELLING_CODES = new Set([7516, 7517, 7518]);

export interface AuditContext {
  receivedAt: string;
  latencyMs: number;
  directory: string;
  policy: string;
  /** Secret key for the event id, so the id cannot be used to guess the PIN that produced it. */
  idKey: Buffer;
  /** The body of a request that could not be parsed: only part of the (keyed) id, never stored. */
  unreadableBody?: Buffer;
}

/** The request as the audit trail keeps it: PIN, account number and subscriber name redacted. */
export function redactRequest(request: PortOutValidationRequest): Record<string, unknown> {
  const redact = (value: string | null) => (value === null ? null : REDACTED);
  return {
    pon: request.pon,
    pin: redact(request.pin),
    accountNumber: redact(request.accountNumber),
    zipCode: request.zipCode,
    subscriberName: redact(request.subscriberName),
    telephoneNumbers: request.telephoneNumbers,
  };
}

/**
 * The `port_out.validation_decided` event for one decision: inputs (redacted), every check, the codes,
 * the answer and the latency. Its id is a keyed hash of the request and the answer, so Bandwidth's
 * retry of the same request with the same answer is the same event (dropped as a duplicate by the
 * FIFO queue and by consumers), while a retry that got a different answer is recorded as a new one.
 */
export function buildAuditEvent(
  request: PortOutValidationRequest,
  decision: Decision,
  context: AuditContext,
): CanonicalEvent {
  const codes = decision.errors.map((error) => error.code);
  const fingerprint = JSON.stringify([
    request,
    decision.portable,
    codes,
    decision.acceptableNumbers,
    context.unreadableBody?.toString("base64") ?? null,
  ]);
  return portOutEvent(request, context.receivedAt, {
    id: `bwpov-${createHmac("sha256", context.idKey).update(fingerprint).digest("hex")}`,
    type: "port_out.validation_decided",
    status: statusOf(decision, codes),
    providerStatus: decision.portable ? "PORTABLE" : "NOT_PORTABLE",
    phoneNumbers: [...new Set(request.telephoneNumbers.map(toE164).filter((n): n is string => n !== null))],
    message: decision.errors.map((error) => `${error.code} ${error.description}`).join("; ") || null,
    details: {
      portable: decision.portable,
      basis: decision.basis,
      errors: decision.errors,
      acceptableNumbers: decision.acceptableNumbers,
      checks: decision.checks,
      latencyMs: context.latencyMs,
      directory: context.directory,
      policy: context.policy,
      request: redactRequest(request),
    },
  });
}

/**
 * The `port_out.pin_locked` event for a number whose wrong-PIN count just reached the limit: which
 * number, after how many wrong PINs, until when, and the decision that locked it. Its id is keyed
 * from that decision's id and the number, so a retried publish is the same event.
 */
export function buildLockEvent(
  request: PortOutValidationRequest,
  lock: NewLock & { maxFailures: number; windowSeconds: number },
  context: { receivedAt: string; idKey: Buffer; decisionEventId: string },
): CanonicalEvent {
  const key = `${context.decisionEventId}|${lock.telephoneNumber}`;
  return portOutEvent(request, context.receivedAt, {
    id: `bwpol-${createHmac("sha256", context.idKey).update(key).digest("hex")}`,
    type: "port_out.pin_locked",
    status: "action_required",
    providerStatus: "PIN_LOCKED",
    phoneNumbers: [lock.telephoneNumber],
    message: `${lock.failures} wrong port-out PINs: number locked until ${lock.lockedUntil} (npm run directory -- unlock ${lock.telephoneNumber})`,
    details: { ...lock, decisionEventId: context.decisionEventId },
  });
}

/** Who cleared a lock and what it held: `npm run directory -- unlock`. */
export interface Unlock {
  telephoneNumber: string;
  /** The wrong PINs the cleared count held. */
  failures: number;
  unlockedAt: string;
  /** The operator, as the command knows them: the OS user and host it ran on. */
  unlockedBy: string;
}

/**
 * The `port_out.pin_unlocked` event for a number an operator unlocked, so the trail that holds the
 * `port_out.pin_locked` event also holds its end, with who and when. No port-out request goes with it:
 * no order id (its FIFO group is the number's), an empty payload. Its id is a hash of the number and the
 * time, so a retried publish of the same unlock is the same event.
 */
export function buildUnlockEvent(unlock: Unlock): CanonicalEvent {
  const key = `${unlock.telephoneNumber}|${unlock.unlockedAt}`;
  return buildEvent({
    id: `bwpou-${createHash("sha256").update(key).digest("hex")}`,
    source: "bandwidth/v1",
    type: "port_out.pin_unlocked",
    time: unlock.unlockedAt,
    data: {
      provider: "bandwidth",
      orderId: null,
      orderKind: "port_out",
      providerOrderType: "portoutvalidation",
      status: null,
      providerStatus: "PIN_UNLOCKED",
      phoneNumbers: [unlock.telephoneNumber],
      customerReference: null,
      message: `wrong-PIN count cleared by ${unlock.unlockedBy} (${unlock.failures} wrong PINs counted)`,
      note: null,
      receivedAt: unlock.unlockedAt,
      details: { ...unlock },
      providerPayload: {},
    },
  });
}

/** A Bandwidth port-out validation event: the fields every one shares, and the (redacted) request as its payload. */
function portOutEvent(
  request: PortOutValidationRequest,
  receivedAt: string,
  fields: Pick<CanonicalEvent, "id" | "type"> &
    Pick<CanonicalEventData, "status" | "providerStatus" | "phoneNumbers" | "message" | "details">,
): CanonicalEvent {
  const { id, type, ...data } = fields;
  return buildEvent({
    id,
    source: "bandwidth/v1",
    type,
    time: receivedAt,
    data: {
      provider: "bandwidth",
      orderId: request.pon,
      orderKind: "port_out",
      providerOrderType: "portoutvalidation",
      customerReference: null,
      note: null,
      receivedAt,
      ...data,
      providerPayload: { PortOutValidationRequest: redactRequest(request) },
    },
  });
}

function statusOf(decision: Decision, codes: number[]): CanonicalStatus {
  if (decision.portable || (codes.length > 0 && codes.every((code) => code === 7599))) return "complete";
  return codes.some((code) => CANCELLING_CODES.has(code)) ? "cancelled" : "action_required";
}
