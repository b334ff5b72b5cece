import { Webhook } from "standardwebhooks";
import { ConfigError, DeliveryError } from "../errors.ts";
import type { CanonicalEvent } from "../event/canonical.ts";
import { optionalPositiveInt, optionalStringMap, rejectUnknownKeys, stringAt } from "./configValues.ts";
import type { DestinationDriver } from "./driver.ts";
import { resolveSecret, type SecretRef, secretRefAt } from "./secretRef.ts";

export interface HttpDestinationConfig {
  name: string;
  type: "http";
  url: string;
  timeoutMs: number;
  headers: Record<string, string>;
  /** Header name → SSM SecureString name: credentials sent as headers, read at send time. */
  headerParameters: Record<string, string>;
  /** Standard Webhooks signing secret (`whsec_…`); unsigned when absent. */
  secret: SecretRef | undefined;
  /** The secret being rotated out: while set (and not past `previousSecretExpiresAt`), both signatures are sent. */
  previousSecret: SecretRef | undefined;
  previousSecretExpiresAt: number | undefined;
}

/** What goes on the wire, before signing: signing needs the send time, so it happens in `deliver()`. */
export interface HttpRequestOut {
  url: string;
  eventId: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  headerParameters: Record<string, string>;
  secret: SecretRef | undefined;
  previousSecret: SecretRef | undefined;
  previousSecretExpiresAt: number | undefined;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Headers the driver owns; a configured header of the same name would break the signature or the id. */
const RESERVED_HEADERS = ["content-type", "webhook-id", "webhook-timestamp", "webhook-signature"];
/** How much of a refusing destination's answer is kept as the reason (in logs and the dead-letter queue). */
const REASON_CHARS = 200;
/** The most bytes REASON_CHARS characters of UTF-8 can take: all that is ever read of an answer. */
const REASON_BYTES = REASON_CHARS * 4;

/**
 * POSTs the canonical event, signed per Standard Webhooks (https://www.standardwebhooks.com/):
 * `webhook-id` = event id (the receiver's idempotency key), `webhook-timestamp` = send time,
 * `webhook-signature` = `v1,<base64 HMAC-SHA256>` computed by the `standardwebhooks` library —
 * two space-separated signatures during a secret rotation.
 */
export const httpDriver: DestinationDriver<HttpDestinationConfig, HttpRequestOut> = {
  type: "http",
  parseConfig(raw, where) {
    rejectUnknownKeys(
      raw,
      [
        "name",
        "type",
        "url",
        "timeoutMs",
        "headers",
        "headerParameters",
        "secret",
        "secretParameter",
        "previousSecret",
        "previousSecretParameter",
        "previousSecretExpiresAt",
      ],
      where,
    );
    const url = stringAt(raw, "url", where);
    if (!/^https?:\/\//.test(url))
      throw new ConfigError("DESTINATIONS", `${where}.url must be an http(s) URL`);
    const headers = optionalStringMap(raw, "headers", where);
    const headerParameters = optionalStringMap(raw, "headerParameters", where);
    for (const [key, name] of [
      ...Object.keys(headers).map((name) => ["headers", name] as const),
      ...Object.keys(headerParameters).map((name) => ["headerParameters", name] as const),
    ]) {
      if (RESERVED_HEADERS.includes(name.toLowerCase()))
        throw new ConfigError("DESTINATIONS", `${where}.${key}.${name} is set by the gateway`);
    }
    for (const [name, parameter] of Object.entries(headerParameters)) {
      if (!parameter.startsWith("/"))
        throw new ConfigError(
          "DESTINATIONS",
          `${where}.headerParameters.${name} must be an SSM parameter name`,
        );
    }
    const secret = secretRefAt(raw, "secret", where);
    const previousSecret = secretRefAt(raw, "previousSecret", where);
    if (previousSecret && !secret)
      throw new ConfigError("DESTINATIONS", `${where}.previousSecret needs a current secret beside it`);
    for (const [key, ref] of [
      ["secret", secret],
      ["previousSecret", previousSecret],
    ] as const) {
      if (ref && "value" in ref) checkSecret(ref.value, `${where}.${key}`);
    }
    return {
      name: stringAt(raw, "name", where),
      type: "http",
      url,
      timeoutMs: optionalPositiveInt(raw, "timeoutMs", where, DEFAULT_TIMEOUT_MS),
      headers,
      headerParameters,
      secret,
      previousSecret,
      previousSecretExpiresAt: expiry(raw.previousSecretExpiresAt, where),
    };
  },
  format(event: CanonicalEvent, config) {
    return {
      url: config.url,
      eventId: event.id,
      headers: {
        ...config.headers,
        "content-type": "application/json",
        "webhook-id": event.id,
        "user-agent": "number-events-gateway",
      },
      body: JSON.stringify(event),
      timeoutMs: config.timeoutMs,
      headerParameters: config.headerParameters,
      secret: config.secret,
      previousSecret: config.previousSecret,
      previousSecretExpiresAt: config.previousSecretExpiresAt,
    };
  },
  async deliver(out) {
    const headers = {
      ...out.headers,
      ...(await secretHeaders(out.headerParameters)),
      ...(await signatureHeaders(out, new Date())),
    };
    let response: Response;
    try {
      response = await fetch(out.url, {
        method: "POST",
        headers,
        body: out.body,
        signal: AbortSignal.timeout(out.timeoutMs),
        redirect: "manual",
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === "TimeoutError";
      const host = new URL(out.url).host;
      throw new DeliveryError(
        timedOut ? `timeout: no answer from ${host} within ${out.timeoutMs} ms` : networkFailure(error, host),
        { retryable: true, cause: error },
      );
    }
    const answer = await answerStart(response);
    if (response.status >= 200 && response.status < 300) return;
    // 408 is the server's own timeout; 429 and 5xx say "later". Any other answer will not change by waiting.
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
    throw new DeliveryError(`destination answered ${response.status}${answer ? `: ${answer}` : ""}`, {
      retryable,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  },
};

/**
 * What failed on the way to the destination, naming its host and the system error: `fetch` rejects
 * with a TypeError whose `cause` carries the errno code (`ECONNREFUSED`, `ENOTFOUND`, …) —
 * https://nodejs.org/api/errors.html#common-system-errors
 */
export function networkFailure(error: unknown, host: string): string {
  let cause: unknown = error;
  let innermost = "";
  for (let depth = 0; cause && depth < 4; depth++) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === "string") return `network error: ${code} connecting to ${host}`;
    if (typeof message === "string") innermost = message;
    cause = (cause as { cause?: unknown }).cause;
  }
  return `network error connecting to ${host}${innermost ? `: ${innermost}` : ""}`;
}

/** The credential headers read from SSM (cached; a failed read is a retryable delivery failure). */
export async function secretHeaders(
  parameters: Record<string, string>,
  resolve: (ref: SecretRef) => Promise<string> = resolveSecret,
): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(parameters).map(async ([name, ssmParameter]) => [name, await resolve({ ssmParameter })]),
  );
  return Object.fromEntries(entries);
}

/**
 * The start of a destination's answer, as text (kept as the reason when it refuses). At most
 * REASON_BYTES (plus the rest of the chunk they arrive in) are read, then the body is cancelled,
 * which closes the connection: a destination answering with a huge body costs neither memory nor
 * time, and cannot bring down the deliver Lambda and with it every other destination's deliveries.
 */
async function answerStart(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < REASON_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // An answer cut short still has its status; what arrived is reason enough.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const bytes = Buffer.concat(chunks, Math.min(size, REASON_BYTES));
  return new TextDecoder().decode(bytes).slice(0, REASON_CHARS);
}

/** The three Standard Webhooks headers for one send; none when the destination has no secret. */
export async function signatureHeaders(out: HttpRequestOut, now: Date): Promise<Record<string, string>> {
  if (!out.secret) return {};
  const secrets = [out.secret];
  if (
    out.previousSecret &&
    (out.previousSecretExpiresAt === undefined || now.getTime() < out.previousSecretExpiresAt)
  ) {
    secrets.push(out.previousSecret);
  }
  const signatures: string[] = [];
  for (const ref of secrets) {
    const secret = await resolveSecret(ref);
    let webhook: Webhook;
    try {
      webhook = new Webhook(secret);
    } catch (error) {
      // A malformed secret in SSM: retryable, so deliveries resume once the parameter is fixed.
      throw new DeliveryError("signing secret is not a valid whsec_ secret", {
        retryable: true,
        cause: error,
      });
    }
    signatures.push(webhook.sign(out.eventId, now, out.body));
  }
  return {
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}

/** `Retry-After` as seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds from now. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function checkSecret(secret: string, where: string): void {
  try {
    new Webhook(secret);
  } catch (error) {
    throw new ConfigError("DESTINATIONS", `${where} must be a Standard Webhooks secret (whsec_<base64>)`, {
      cause: error,
    });
  }
}

function expiry(value: unknown, where: string): number | undefined {
  if (value === undefined) return undefined;
  const time = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time))
    throw new ConfigError("DESTINATIONS", `${where}.previousSecretExpiresAt must be an ISO 8601 date-time`);
  return time;
}
