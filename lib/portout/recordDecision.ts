import { hkdfSync } from "node:crypto";
import { receivedLogKeys } from "../event/logKeys.ts";
import type { WebhookRequest } from "../http/request.ts";
import { logger } from "../log.ts";
import type { Publisher } from "../queue/publisher.ts";
import { buildAuditEvent, buildLockEvent } from "./auditEvents.ts";
import type { Decision } from "./decisionOf.ts";
import type { PinLockout } from "./lockout.ts";
import type { PortOutPolicy } from "./policy.ts";
import type { PortOutValidationRequest } from "./request.ts";

/** Time kept back from the budget after the last publish attempt, to answer. */
const ANSWER_MARGIN_MS = 150;
/** What the audit trail records of a request that could not be read. */
const UNREADABLE: PortOutValidationRequest = {
  pon: null,
  pin: null,
  accountNumber: null,
  zipCode: null,
  subscriberName: null,
  telephoneNumbers: [],
};

export interface AuditTrailDeps {
  publisher: Publisher;
  lockout: PinLockout;
  policy: PortOutPolicy;
  directoryKind: string;
}

/**
 * Everything after a decision, none of which may change the answer or turn it into a 5xx (Bandwidth
 * would approve): the wrong PINs are counted (a number reaching the limit gets a `port_out.pin_locked`
 * event and a `port-out PIN lockout` log line, which the lockout alarm counts), and the decision is
 * published as a redacted `port_out.validation_decided` event. When the queue cannot take an event,
 * the whole (redacted) event is logged instead. Nothing logged carries a PIN or an account number.
 */
export async function recordDecision(
  parsed: PortOutValidationRequest | null,
  decision: Decision,
  request: WebhookRequest,
  context: { deps: AuditTrailDeps; latencyMs: number; budgetEnd: number; password: string },
): Promise<void> {
  const { deps, latencyMs, budgetEnd } = context;
  const key = idKey(context.password);
  const event = buildAuditEvent(parsed ?? UNREADABLE, decision, {
    receivedAt: request.receivedAt,
    latencyMs,
    directory: deps.directoryKind,
    policy: deps.policy.onDirectoryFailure,
    idKey: key,
    ...(parsed ? {} : { unreadableBody: request.rawBody }),
  });
  const deadline = budgetEnd - ANSWER_MARGIN_MS;
  const publish = (what: typeof event) =>
    deps.publisher.publish(what, deadline).catch((error: unknown) =>
      // The event is redacted, so the log can carry it whole: the audit trail survives a queue outage.
      logger.error("port-out audit event not queued; recorded in this log line instead", {
        event: what,
        error,
      }),
    );
  const countWrongPins = async () => {
    if (!parsed || decision.wrongPinNumbers.length === 0) return;
    const signal = AbortSignal.timeout(Math.max(0, deadline - Date.now()));
    const locks = await deps.lockout
      .recordWrongPins(decision.wrongPinNumbers, Date.now(), signal)
      .catch((error) => {
        logger.error("port-out wrong PINs not counted", {
          pon: parsed.pon,
          numbers: decision.wrongPinNumbers,
          error,
        });
        return [];
      });
    const { lockoutMaxFailures: maxFailures, lockoutWindowSeconds: windowSeconds } = deps.policy;
    await Promise.all(
      locks.map((lock) => {
        logger.info("port-out PIN lockout", { pon: parsed.pon, ...lock, decisionEventId: event.id });
        return publish(
          buildLockEvent(
            parsed,
            { ...lock, maxFailures, windowSeconds },
            {
              receivedAt: request.receivedAt,
              idKey: key,
              decisionEventId: event.id,
            },
          ),
        );
      }),
    );
  };
  await Promise.all([publish(event), countWrongPins()]);
  logger.info("port-out validation decided", {
    ...receivedLogKeys(event),
    pon: parsed?.pon ?? null,
    portable: decision.portable,
    codes: decision.errors.map((e) => e.code),
    basis: decision.basis,
    latencyMs,
  });
}

/** The event-id key: derived from the Basic-auth secret, so no extra secret is needed and ids are stable across instances. */
function idKey(password: string): Buffer {
  return Buffer.from(hkdfSync("sha256", password, "number-events-gateway", "portout-audit-id", 32));
}
