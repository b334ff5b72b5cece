import { hkdfSync } from "node:crypto";
import { BASIC_CHALLENGE, type BasicCredentials, verifyBasicAuth } from "../auth/basic.ts";
import { AuthenticationError, MalformedBodyError } from "../errors.ts";
import { mediaType, type WebhookRequest } from "../http/request.ts";
import type { HttpResponse } from "../http/response.ts";
import { logger } from "../log.ts";
import type { Publisher } from "../queue/publisher.ts";
import { buildAuditEvent } from "./audit.ts";
import { decide, decideWithoutDirectory, fallbackDecision, numbersToLookUp } from "./decide.ts";
import type { Decision } from "./decision.ts";
import type { SubscriberDirectory } from "./directory.ts";
import { DirectoryUnavailableError } from "./errors.ts";
import type { PortOutPolicy } from "./policy.ts";
import { type PortOutValidationRequest, parsePortOutRequest } from "./request.ts";
import { portOutResponse } from "./response.ts";

/** Time kept back from the budget for publishing the audit event and answering. */
const AUDIT_RESERVE_MS = 1000;
/** Time kept back from the budget after the last publish attempt, to answer. */
const ANSWER_MARGIN_MS = 150;
const XML_TYPES = new Set(["application/xml", "text/xml"]);
/** What the audit trail records of a request that could not be read. */
const UNREADABLE: PortOutValidationRequest = {
  pon: null,
  pin: null,
  accountNumber: null,
  zipCode: null,
  subscriberName: null,
  telephoneNumbers: [],
};

export interface PortOutValidationDeps {
  directory: SubscriberDirectory;
  publisher: Publisher;
  policy: PortOutPolicy;
  loadCredentials: () => Promise<BasicCredentials>;
  maxBodyBytes: number;
}

/**
 * `POST /bandwidth/v1/portout-validation`, from raw request to answer. Authentication is the only
 * step that can answer anything but 200 (the 401 challenge Bandwidth needs before it sends
 * credentials). After it, every outcome is a `PortOutValidationResponse`: a bad body is 7598, and a
 * directory that is down or slow gets the policy's answer within the budget, because Bandwidth
 * approves the port on no answer, a 4xx or a 5xx (providers.md §3.1). Every decision is published as
 * a redacted `port_out.validation_decided` event; a queue failure is logged and does not change it.
 */
export function createPortOutValidation(deps: PortOutValidationDeps) {
  const { policy } = deps;
  return async (request: WebhookRequest): Promise<HttpResponse> => {
    const receivedMs = Date.parse(request.receivedAt);
    const startedAt = Number.isNaN(receivedMs) ? Date.now() : Math.min(receivedMs, Date.now());
    const budgetEnd = startedAt + policy.budgetMs;
    let credentials: BasicCredentials | null = null;
    try {
      credentials = await deps.loadCredentials();
    } catch (error) {
      logger.error("port-out validation: credentials unavailable", { error });
    }
    if (credentials) verifyBasicAuth(request.headers.authorization, credentials);
    else if (!request.headers.authorization) {
      throw new AuthenticationError("authentication required", { challenge: BASIC_CHALLENGE });
    }

    let parsed: PortOutValidationRequest | null = null;
    let decision: Decision;
    try {
      parsed = readRequest(request, deps.maxBodyBytes);
      if (!credentials) throw new Error("credentials unavailable: cannot authenticate the request");
      decision = await withDeadline(
        decideRequest(parsed, deps, budgetEnd),
        budgetEnd - AUDIT_RESERVE_MS,
        () => fallbackDecision(parsed?.pon ?? null, "directory", policy.onDirectoryFailure),
      );
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      const invalid = error instanceof MalformedBodyError;
      if (!invalid) logger.error("port-out validation failed; answering fail-closed", { error });
      decision = fallbackDecision(
        parsed?.pon ?? null,
        invalid ? "invalid-request" : "internal",
        policy.onDirectoryFailure,
        message(error),
      );
    }
    const latencyMs = Date.now() - startedAt;

    // Without credentials the caller could not be authenticated: answer, but record nothing.
    if (credentials) {
      // Nothing after the decision may turn the answer into a 5xx (Bandwidth would approve).
      await audit(parsed, decision, request, {
        deps,
        latencyMs,
        budgetEnd,
        password: credentials.password,
      }).catch((error: unknown) =>
        logger.error("port-out audit failed", { pon: parsed?.pon ?? null, error }),
      );
    }
    return portOutResponse(decision);
  };
}

/**
 * Publishes the decision's audit event (an unreadable request is recorded with no fields, its body
 * only in the keyed event id) and logs a summary without any credential. When the queue cannot take
 * the event, the whole (redacted) event is logged instead; the answer stands.
 */
async function audit(
  parsed: PortOutValidationRequest | null,
  decision: Decision,
  request: WebhookRequest,
  context: { deps: PortOutValidationDeps; latencyMs: number; budgetEnd: number; password: string },
): Promise<void> {
  const { deps, latencyMs } = context;
  const event = buildAuditEvent(parsed ?? UNREADABLE, decision, {
    receivedAt: request.receivedAt,
    latencyMs,
    directory: deps.directory.kind,
    policy: deps.policy.onDirectoryFailure,
    idKey: idKey(context.password),
    ...(parsed ? {} : { unreadableBody: request.rawBody }),
  });
  try {
    // No raw request goes along (unlike the notification routes): its body holds the PIN in clear.
    await deps.publisher.publish(event, context.budgetEnd - ANSWER_MARGIN_MS);
  } catch (error) {
    // The event is redacted, so the log can carry it whole: the audit trail survives a queue outage.
    logger.error("port-out audit event not queued; recorded in this log line instead", { event, error });
  }
  logger.info("port-out validation decided", {
    eventId: event.id,
    pon: parsed?.pon ?? null,
    portable: decision.portable,
    codes: decision.errors.map((e) => e.code),
    basis: decision.basis,
    numbers: parsed?.telephoneNumbers.length ?? 0,
    latencyMs,
  });
}

async function decideRequest(
  request: PortOutValidationRequest,
  deps: PortOutValidationDeps,
  budgetEnd: number,
): Promise<Decision> {
  const early = decideWithoutDirectory(request, deps.policy);
  if (early) return early;
  const timeoutMs = Math.max(
    0,
    Math.min(deps.policy.directoryTimeoutMs, budgetEnd - AUDIT_RESERVE_MS - Date.now()),
  );
  try {
    const entries = await deps.directory.lookup(numbersToLookUp(request), AbortSignal.timeout(timeoutMs));
    return await decide(request, entries, deps.policy);
  } catch (error) {
    if (!(error instanceof DirectoryUnavailableError)) throw error;
    logger.warn("subscriber directory unavailable; applying policy", {
      reason: error.reason,
      directory: deps.directory.kind,
      policy: deps.policy.onDirectoryFailure,
      error,
    });
    return fallbackDecision(request.pon, "directory", deps.policy.onDirectoryFailure);
  }
}

function readRequest(request: WebhookRequest, maxBodyBytes: number): PortOutValidationRequest {
  if (request.rawBody.length === 0) throw new MalformedBodyError("empty body");
  if (request.rawBody.length > maxBodyBytes) throw new MalformedBodyError(`body over ${maxBodyBytes} bytes`);
  if (!XML_TYPES.has(mediaType(request.headers))) throw new MalformedBodyError("expected application/xml");
  return parsePortOutRequest(request.rawBody);
}

/** Settles with `fallback()` if `work` has not settled by `deadline` (epoch ms). */
async function withDeadline<T>(work: Promise<T>, deadline: number, fallback: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback()), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The event-id key: derived from the Basic-auth secret, so no extra secret is needed and ids are stable across instances. */
function idKey(password: string): Buffer {
  return Buffer.from(hkdfSync("sha256", password, "number-events-gateway", "portout-audit-id", 32));
}

function message(error: unknown): string {
  return error instanceof MalformedBodyError ? error.message : "request could not be processed";
}
