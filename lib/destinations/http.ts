import { ConfigError, DeliveryError } from "../errors.ts";
import type { CanonicalEvent } from "../event/canonical.ts";
import { optionalPositiveInt, optionalStringMap, rejectUnknownKeys, stringAt } from "./configValues.ts";
import type { DestinationDriver } from "./driver.ts";

export interface HttpDestinationConfig {
  name: string;
  type: "http";
  url: string;
  timeoutMs: number;
  headers: Record<string, string>;
}

export interface HttpRequestOut {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** POSTs the canonical event as JSON. The event id travels as `webhook-id`: the receiver's idempotency key. */
export const httpDriver: DestinationDriver<HttpDestinationConfig, HttpRequestOut> = {
  type: "http",
  parseConfig(raw, where) {
    rejectUnknownKeys(raw, ["name", "type", "url", "timeoutMs", "headers"], where);
    const url = stringAt(raw, "url", where);
    if (!/^https?:\/\//.test(url))
      throw new ConfigError("DESTINATIONS", `${where}.url must be an http(s) URL`);
    return {
      name: stringAt(raw, "name", where),
      type: "http",
      url,
      timeoutMs: optionalPositiveInt(raw, "timeoutMs", where, DEFAULT_TIMEOUT_MS),
      headers: optionalStringMap(raw, "headers", where),
    };
  },
  format(event: CanonicalEvent, config) {
    return {
      url: config.url,
      headers: {
        ...config.headers,
        "content-type": "application/json",
        "webhook-id": event.id,
        "user-agent": "number-events-gateway",
      },
      body: JSON.stringify(event),
      timeoutMs: config.timeoutMs,
    };
  },
  async deliver(out) {
    let response: Response;
    try {
      response = await fetch(out.url, {
        method: "POST",
        headers: out.headers,
        body: out.body,
        signal: AbortSignal.timeout(out.timeoutMs),
        redirect: "manual",
      });
    } catch (error) {
      throw new DeliveryError("network error or timeout", { retryable: true, cause: error });
    }
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return;
    const retryable = response.status === 429 || response.status >= 500;
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
    throw new DeliveryError(`destination answered ${response.status}`, {
      retryable,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  },
};

/** `Retry-After` as seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds from now. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
