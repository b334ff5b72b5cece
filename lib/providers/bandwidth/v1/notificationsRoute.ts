import { type BasicCredentials, verifyBasicAuth } from "../../../auth/basic.ts";
import { MalformedBodyError } from "../../../errors.ts";
import type { IngestRoute } from "../../../ingest/route.ts";
import { normalizeNotification } from "./normalizeNotification.ts";

/**
 * `POST /bandwidth/v1/notifications`: order and event notifications, XML, HTTP Basic with the
 * RFC 7235 challenge. Bandwidth never retries these (providers.md §1.1).
 */
export const bandwidthV1NotificationsRoute: IngestRoute<BasicCredentials> = {
  name: "bandwidth-v1-notifications",
  providerRetries: false,
  contentTypes: ["application/xml", "text/xml"],
  authenticate: (request, credentials) => verifyBasicAuth(request.headers.authorization, credentials),
  normalize: (request) => normalizeNotification(decodeUtf8(request.rawBody), request.receivedAt),
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Bandwidth declares UTF-8; bytes that are not UTF-8 are a malformed body, not a guess. */
export function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new MalformedBodyError("body is not valid UTF-8");
  }
}
