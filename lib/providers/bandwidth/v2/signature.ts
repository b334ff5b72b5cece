import { verifyHmacSha256 } from "../../../auth/hmac.ts";
import type { WebhookRequest } from "../../../http/request.ts";

/** Lower-cased: API Gateway HTTP APIs deliver header names in lower case. */
export const BANDWIDTH_V2_SIGNATURE_HEADER = "x-bandwidth-signature-sha-256";

/**
 * Subscriptions 2.0: "The base64-encoded signature is included in the X-Bandwidth-Signature-SHA-256
 * header", an HMAC of "the payload body" with the subscription's secret
 * (docs/providers.md#bandwidth-v2-what-is-documented). No timestamp is documented, so there is no replay
 * window to check.
 */
export function verifyBandwidthV2Signature(request: WebhookRequest, secret: Buffer): void {
  verifyHmacSha256({
    signature: request.headers[BANDWIDTH_V2_SIGNATURE_HEADER],
    message: request.rawBody,
    secret,
    header: BANDWIDTH_V2_SIGNATURE_HEADER,
  });
}
