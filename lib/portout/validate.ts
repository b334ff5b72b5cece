import { type BasicCredentials, requireAuthorization } from "../auth/basic.ts";
import { DirectoryUnavailableError } from "../directory/errors.ts";
import type { SubscriberDirectory } from "../directory/subscriberDirectory.ts";
import { AuthenticationError, MalformedBodyError } from "../errors.ts";
import { mediaType, type WebhookRequest } from "../http/request.ts";
import type { HttpResponse } from "../http/response.ts";
import { logger } from "../log.ts";
import { verifyBandwidthBasic } from "../providers/bandwidth/v1/credentials.ts";
import type { Publisher } from "../queue/publisher.ts";
import { decide, decideWithoutDirectory, fallbackDecision, numbersToLookUp } from "./decide.ts";
import type { Decision } from "./decisionOf.ts";
import type { PinLockout } from "./lockout.ts";
import type { PortOutPolicy } from "./policy.ts";
import { recordDecision } from "./recordDecision.ts";
import { type PortOutValidationRequest, parsePortOutRequest } from "./request.ts";
import { portOutResponse } from "./response.ts";

/** Time kept back from the budget for counting wrong PINs, publishing the audit event and answering. */
const AUDIT_RESERVE_MS = 1000;
const XML_TYPES = new Set(["application/xml", "text/xml"]);

export interface PortOutValidationDeps {
  directory: SubscriberDirectory;
  /** Wrong-PIN counts and locks (`lockout.ts`). */
  lockout: PinLockout;
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
 * approves the port on no answer, a 4xx or a 5xx (docs/providers.md#port-out-validation-timing-and-retries).
 * Our own work overrunning the budget is not the directory's failure: it answers 7598 whatever the policy,
 * logged at WARN (the degraded alarm). Every decision is published as a redacted
 * `port_out.validation_decided` event and its wrong PINs are counted (`recordDecision.ts`); neither can change
 * the answer.
 */
export function createPortOutValidation(deps: PortOutValidationDeps) {
  const { policy } = deps;
  return async (request: WebhookRequest): Promise<HttpResponse> => {
    const receivedMs = Date.parse(request.receivedAt);
    const startedAt = Number.isNaN(receivedMs) ? Date.now() : Math.min(receivedMs, Date.now());
    const budgetEnd = startedAt + policy.budgetMs;
    // Bandwidth's credential-less first attempt gets the challenge before any secret is loaded.
    requireAuthorization(request.headers.authorization);
    let credentials: BasicCredentials | null = null;
    try {
      credentials = await deps.loadCredentials();
    } catch (error) {
      logger.error("port-out validation: credentials unavailable", { error });
    }
    if (credentials) verifyBandwidthBasic(request.headers.authorization, credentials);

    let parsed: PortOutValidationRequest | null = null;
    let decision: Decision;
    try {
      parsed = readRequest(request, deps.maxBodyBytes);
      if (!credentials) throw new Error("credentials unavailable: cannot authenticate the request");
      const toDecide = parsed;
      const pon = toDecide.pon;
      decision = await withDeadline(
        (deadline) => decideRequest(toDecide, deps, deadline),
        budgetEnd - AUDIT_RESERVE_MS,
        () => {
          logger.warn("port-out validation overran its budget; answering 7598", {
            pon,
            budgetMs: policy.budgetMs,
          });
          return fallbackDecision(pon, "overrun", policy.onDirectoryFailure);
        },
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
      const { publisher, lockout, directory } = deps;
      await recordDecision(parsed, decision, request, {
        deps: { publisher, lockout, policy, directoryKind: directory.kind },
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

/** The decision, given up once `deadline` aborts (the answer is 7598 by then: {@link withDeadline}). */
async function decideRequest(
  request: PortOutValidationRequest,
  deps: PortOutValidationDeps,
  deadline: AbortSignal,
): Promise<Decision> {
  const early = decideWithoutDirectory(request, deps.policy);
  if (early) return early;
  const numbers = numbersToLookUp(request);
  const signal = AbortSignal.any([deadline, AbortSignal.timeout(deps.policy.directoryTimeoutMs)]);
  const [entries, locks] = await Promise.allSettled([
    deps.directory.lookup(numbers, signal),
    deps.lockout.lockedAmong(numbers, Date.now(), signal),
  ]);
  if (entries.status === "rejected") {
    const error = entries.reason;
    if (!(error instanceof DirectoryUnavailableError)) throw error;
    logger.warn("subscriber directory unavailable; applying policy", {
      reason: error.reason,
      directory: deps.directory.kind,
      policy: deps.policy.onDirectoryFailure,
      error,
    });
    return fallbackDecision(request.pon, "directory", deps.policy.onDirectoryFailure);
  }
  // The locks live in our own table: not knowing them is our failure (7598), never the directory policy.
  if (locks.status === "rejected") throw new Error("port-out PIN locks unreadable", { cause: locks.reason });
  return decide(request, entries.value, deps.policy, locks.value, deadline);
}

function readRequest(request: WebhookRequest, maxBodyBytes: number): PortOutValidationRequest {
  if (request.rawBody.length === 0) throw new MalformedBodyError("empty body");
  if (request.rawBody.length > maxBodyBytes) throw new MalformedBodyError(`body over ${maxBodyBytes} bytes`);
  if (!XML_TYPES.has(mediaType(request.headers))) throw new MalformedBodyError("expected application/xml");
  return parsePortOutRequest(request.rawBody);
}

/**
 * Settles with `fallback()` if `work` has not settled by `deadline` (epoch ms), then aborts the signal
 * `work` was given, so nothing it has not started yet (a directory lookup, a secret check) starts after
 * the answer. The fallback is settled first: work the abort makes fail cannot take the answer's place.
 */
async function withDeadline<T>(
  work: (deadline: AbortSignal) => Promise<T>,
  deadline: number,
  fallback: () => T,
): Promise<T> {
  const passed = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(
      () => {
        resolve(fallback());
        passed.abort(new Error("the decision's deadline passed"));
      },
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([work(passed.signal), late]);
  } finally {
    clearTimeout(timer);
  }
}

function message(error: unknown): string {
  return error instanceof MalformedBodyError ? error.message : "request could not be processed";
}
