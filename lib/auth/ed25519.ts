import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { AuthenticationError, ConfigError } from "../errors.ts";
import { decodeBase64Strict } from "./base64.ts";
import { signatureBytes } from "./signatureHeader.ts";

const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

/**
 * Builds the Ed25519 public key object from a base64 raw 32-byte key (via JWK), once per cold start.
 * A key of any other length is a configuration error naming `variable`.
 */
export function ed25519PublicKey(base64: string, variable: string): KeyObject {
  const raw = decodeBase64Strict(base64);
  if (raw === null) throw new ConfigError(variable, "must be base64 of the raw 32-byte Ed25519 public key");
  if (raw.length !== PUBLIC_KEY_BYTES) {
    throw new ConfigError(
      variable,
      `must be base64 of the raw ${PUBLIC_KEY_BYTES}-byte Ed25519 public key, got ${raw.length} bytes`,
    );
  }
  return createPublicKey({
    key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") },
    format: "jwk",
  });
}

/** What one Ed25519 check needs; a provider module maps its request onto it. */
export interface Ed25519Check {
  /** The signature as sent (base64); undefined when the header is missing. */
  signature: string | undefined;
  /** The exact bytes the provider signed. */
  message: Buffer;
  key: KeyObject;
  /** The header name, for the error message. */
  header: string;
}

/**
 * Verifies a base64 Ed25519 signature over the exact bytes received with `node:crypto`
 * (no dependency; ~0.1 ms per verify). Ed25519 verification has no secret to leak through timing.
 */
export function verifyEd25519(check: Ed25519Check): void {
  const signature = signatureBytes(check.signature, check.header, SIGNATURE_BYTES);
  if (!verify(null, check.message, check.key, signature)) {
    throw new AuthenticationError("signature mismatch");
  }
}
