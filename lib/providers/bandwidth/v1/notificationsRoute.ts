import { type BasicCredentials, requireAuthorization, verifyBasicAuth } from "../../../auth/basic.ts";
import { decodeUtf8 } from "../../../http/utf8.ts";
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
  challenge: (request) => requireAuthorization(request.headers.authorization),
  authenticate: (request, credentials) => verifyBasicAuth(request.headers.authorization, credentials),
  normalize: (request) => normalizeNotification(decodeUtf8(request.rawBody), request.receivedAt),
};
