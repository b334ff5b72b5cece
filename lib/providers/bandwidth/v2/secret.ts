import { decodeBase64Strict } from "../../../auth/base64.ts";
import { parsedSecret } from "../../../config/parsedSecret.ts";
import { ConfigError } from "../../../errors.ts";

const VARIABLE = "BANDWIDTH_V2_HMAC_SECRET";
const ENCODING_VARIABLE = "BANDWIDTH_V2_HMAC_SECRET_ENCODING";
const ENCODINGS = ["utf8", "base64"] as const;
type SecretEncoding = (typeof ENCODINGS)[number];

/**
 * The Subscriptions 2.0 HMAC secret as key bytes. Bandwidth does not document whether the secret is
 * used as its UTF-8 text or base64-decoded (docs/providers.md#bandwidth-v2-what-is-not-documented), so the
 * encoding is configurable: `utf8` (default; Bandwidth's TFV webhooks use "an ASCII string submitted by the
 * user") or `base64`.
 */
export function bandwidthV2SecretLoader(env: NodeJS.ProcessEnv = process.env): () => Promise<Buffer> {
  const encoding = secretEncoding(env[ENCODING_VARIABLE]);
  return parsedSecret(VARIABLE, (value) => secretBytes(value, encoding), env);
}

function secretEncoding(value: string | undefined): SecretEncoding {
  const encoding = (value ?? "").trim() || "utf8";
  if (!(ENCODINGS as readonly string[]).includes(encoding)) {
    throw new ConfigError(ENCODING_VARIABLE, `must be one of ${ENCODINGS.join(", ")}, got "${encoding}"`);
  }
  return encoding as SecretEncoding;
}

function secretBytes(value: string, encoding: SecretEncoding): Buffer {
  if (encoding === "utf8") return Buffer.from(value, "utf8");
  const bytes = decodeBase64Strict(value);
  if (bytes === null) throw new ConfigError(VARIABLE, `is not base64 (${ENCODING_VARIABLE}=base64)`);
  return bytes;
}
