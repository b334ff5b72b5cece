import { requireAuthorization, verifyBasicAuth } from "../../../auth/basic.ts";
import type { IngestRoute } from "../../ingestRoute.ts";
import { type BandwidthV2Credentials, bandwidthV2BasicUsername } from "./credentials.ts";
import { normalizeNotification } from "./normalizeNotification.ts";
import { verifyBandwidthV2Signature } from "./signature.ts";

/**
 * `POST /bandwidth/v2/notifications`: Subscriptions 2.0 order-change, note and reputation events,
 * JSON, signed with HMAC-SHA256 and, when configured, HTTP Basic with the same RFC 7235 challenge as
 * v1 (checked first, so Bandwidth's credential-less first attempt gets the challenge). Whether
 * Bandwidth retries v2 deliveries is not documented (docs/providers.md#bandwidth-v2-what-is-not-documented),
 * so it is treated like v1: an accepted event the queue cannot take goes to the fallback archive.
 */
export const bandwidthV2NotificationsRoute: IngestRoute<BandwidthV2Credentials> = {
  name: "bandwidth-v2-notifications",
  providerRetries: false,
  // The largest v2 event lists the completed numbers of a 5,000-number port-in (Bandwidth api-docs
  // `site/docs/numbers/porting/port-ins/stand-alone-port-ins/about.mdx`) as E.164 strings in
  // `completedPhoneNumbers` (docs/providers.md#bandwidth-v2-what-is-documented): about 75 KB. 256 KiB is over
  // three times that.
  maxBodyBytes: 256 * 1024,
  contentTypes: ["application/json"],
  authenticate: (request, credentials) => {
    if (credentials.basic) verifyBasicAuth(request.headers.authorization, credentials.basic);
    verifyBandwidthV2Signature(request, credentials.hmacSecret);
  },
  normalize: (request) => normalizeNotification(request.rawBody, request.receivedAt),
};

/**
 * The route as the deployment configures it. With Basic credentials (`BANDWIDTH_V2_USERNAME`, which is
 * not a secret, set), a request without any is answered with the challenge before the secrets are
 * loaded, as v1's is, instead of after an SSM read on every new instance; without, there is no
 * challenge to give and the HMAC decides.
 */
export function configuredBandwidthV2Route(
  env: NodeJS.ProcessEnv = process.env,
): IngestRoute<BandwidthV2Credentials> {
  if (bandwidthV2BasicUsername(env) === null) return bandwidthV2NotificationsRoute;
  return {
    ...bandwidthV2NotificationsRoute,
    challenge: (request) => requireAuthorization(request.headers.authorization),
  };
}
