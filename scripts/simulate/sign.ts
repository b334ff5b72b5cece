import { createHmac, type KeyObject, sign } from "node:crypto";

/**
 * The headers Telnyx sends with a webhook: an Ed25519 signature over `${timestamp}|${body}` and the
 * timestamp in Unix seconds (docs/providers.md#telnyx-signature).
 */
export function telnyxHeaders(body: Buffer, privateKey: KeyObject, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const signature = sign(null, Buffer.concat([Buffer.from(`${timestamp}|`, "utf8"), body]), privateKey);
  return {
    "content-type": "application/json",
    "user-agent": "telnyx-webhooks",
    "telnyx-timestamp": timestamp,
    "telnyx-signature-ed25519": signature.toString("base64"),
  };
}

/**
 * The headers of a Bandwidth Subscriptions 2.0 webhook: base64 HMAC-SHA256 of the body
 * (docs/providers.md#bandwidth-v2-what-is-documented).
 */
export function bandwidthV2Headers(body: Buffer, secret: Buffer): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-bandwidth-signature-sha-256": createHmac("sha256", secret).update(body).digest("base64"),
  };
}

/**
 * Bandwidth v1's Basic credentials, sent only after the 401 challenge
 * (docs/providers.md#bandwidth-basic-auth-challenge).
 */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}
