const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes standard, padded base64 (RFC 4648 §4), or returns null. `Buffer.from(…, "base64")` is
 * lenient — it skips characters it does not know and stops at the first `=` — so a mangled
 * signature or key would silently decode to different bytes; this does not.
 */
export function decodeBase64Strict(value: string): Buffer | null {
  const trimmed = value.trim();
  return trimmed.length > 0 && BASE64.test(trimmed) ? Buffer.from(trimmed, "base64") : null;
}
