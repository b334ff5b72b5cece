import { verifyBasicAuth } from "../../../auth/basic.ts";
import type { IngestRoute } from "../../../ingest/route.ts";
import type { BandwidthV2Credentials } from "./credentials.ts";
import { normalizeNotification } from "./normalizeNotification.ts";
import { verifyBandwidthV2Signature } from "./signature.ts";

/**
 * `POST /bandwidth/v2/notifications`: Subscriptions 2.0 order-change, note and reputation events,
 * JSON, signed with HMAC-SHA256 and, when configured, HTTP Basic with the same RFC 7235 challenge as
 * v1 (checked first, so Bandwidth's credential-less first attempt gets the challenge). Whether
 * Bandwidth retries v2 deliveries is not documented (providers.md §5.2), so it is treated like v1: an
 * accepted event the queue cannot take goes to the fallback archive.
 */
export const bandwidthV2NotificationsRoute: IngestRoute<BandwidthV2Credentials> = {
  name: "bandwidth-v2-notifications",
  providerRetries: false,
  contentTypes: ["application/json"],
  authenticate: (request, credentials) => {
    if (credentials.basic) verifyBasicAuth(request.headers.authorization, credentials.basic);
    verifyBandwidthV2Signature(request, credentials.hmacSecret);
  },
  normalize: (request) => normalizeNotification(request.rawBody, request.receivedAt),
};
