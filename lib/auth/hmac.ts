import { createHmac, timingSafeEqual } from "node:crypto";
import { AuthenticationError } from "../errors.ts";
import { signatureBytes } from "./signatureHeader.ts";

/** What one HMAC-SHA256 check needs; a provider module maps its request onto it. */
export interface HmacCheck {
  /** The signature as sent (base64); undefined when the header is missing. */
  signature: string | undefined;
  /** The exact bytes the provider signed. */
  message: Buffer;
  secret: Buffer;
  /** The header name, for the error message. */
  header: string;
}

const SHA256_BYTES = 32;

/**
 * Verifies a base64 HMAC-SHA256 signature over the exact bytes received, in constant time.
 * One precise AuthenticationError per failure: missing, not base64, wrong length, mismatch.
 */
export function verifyHmacSha256(check: HmacCheck): void {
  const supplied = signatureBytes(check.signature, check.header, SHA256_BYTES);
  const expected = createHmac("sha256", check.secret).update(check.message).digest();
  if (!timingSafeEqual(supplied, expected)) throw new AuthenticationError("signature mismatch");
}
