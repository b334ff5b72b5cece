import type { KeyObject } from "node:crypto";
import { verifyEd25519 } from "../../auth/ed25519.ts";
import { verifyTimestamp } from "../../auth/timestamp.ts";
import type { WebhookRequest } from "../../http/request.ts";

export const TELNYX_SIGNATURE_HEADER = "telnyx-signature-ed25519";
export const TELNYX_TIMESTAMP_HEADER = "telnyx-timestamp";
/**
 * Telnyx's SDKs reject a timestamp more than 300 s from now, either way (docs/providers.md#telnyx-signature).
 */
export const TELNYX_TOLERANCE_SECONDS = 300;

/**
 * Telnyx signs the UTF-8 bytes of `${telnyx-timestamp}|${raw body}` with Ed25519
 * (docs/providers.md#telnyx-signature). The body bytes are used as received — never parsed and re-serialized.
 * Not the SDK's `unwrap()`, which checks Standard Webhooks HMAC headers Telnyx does not send.
 */
export function verifyTelnyxSignature(request: WebhookRequest, key: KeyObject, now: Date): void {
  const timestamp = verifyTimestamp(
    request.headers[TELNYX_TIMESTAMP_HEADER],
    TELNYX_TIMESTAMP_HEADER,
    now,
    TELNYX_TOLERANCE_SECONDS,
  );
  verifyEd25519({
    signature: request.headers[TELNYX_SIGNATURE_HEADER],
    message: Buffer.concat([Buffer.from(`${timestamp}|`, "utf8"), request.rawBody]),
    key,
    header: TELNYX_SIGNATURE_HEADER,
  });
}
