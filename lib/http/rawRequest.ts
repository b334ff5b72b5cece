import { gunzipSync, gzipSync } from "node:zlib";
import type { WebhookRequest } from "./request.ts";

/**
 * A webhook as received, kept so it can be re-verified, re-normalized or replayed later: the exact
 * body and the headers, minus credentials. (Bandwidth v1 authenticates with Basic credentials,
 * which are never stored; signature headers of signed providers are kept.)
 */
export interface RawRequest {
  /** The ingest route that accepted it (`bandwidth-v1-notifications`). */
  route: string;
  /** The event's source (`bandwidth/v1`). */
  source: string;
  eventId: string;
  receivedAt: string;
  headers: Record<string, string>;
  bodyBase64: string;
}

const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key"]);

export function rawRequestOf(
  request: WebhookRequest,
  route: string,
  source: string,
  eventId: string,
): RawRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!CREDENTIAL_HEADERS.has(name)) headers[name] = value;
  }
  return {
    route,
    source,
    eventId,
    receivedAt: request.receivedAt,
    headers,
    bodyBase64: request.rawBody.toString("base64"),
  };
}

/** `bandwidth/v1` → `bandwidth-v1`: the source as one S3 key segment. */
export function sourceSegment(source: string): string {
  return source.replace(/[^A-Za-z0-9_-]/g, "-");
}

/** Compact form for an SQS binary message attribute. */
export function packRawRequest(raw: RawRequest): Uint8Array {
  return gzipSync(JSON.stringify(raw));
}

export function unpackRawRequest(packed: Uint8Array): RawRequest {
  return JSON.parse(gunzipSync(packed).toString("utf8")) as RawRequest;
}
