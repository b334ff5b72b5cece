import { createHash } from "node:crypto";

/** What a Bandwidth notification says about one change, whichever webhook version delivered it. */
export interface BandwidthChangeIdentity {
  orderType: string | null;
  orderId: string | null;
  status: string | null;
  note: string | null;
  message: string | null;
  lastModifiedDate: string | null;
  eventType: string | null;
  /** The change's numbers, in E.164. */
  phoneNumbers: readonly string[];
  /** When the gateway received it (kept with the archived request, so recovery and replay keep it). */
  receivedAt: string;
}

/**
 * The deterministic event id for Bandwidth: a SHA-256 over everything the notification says about
 * the change — order type and id, status, note, message, `LastModifiedDate`, event type and numbers —
 * in a form that does not depend on how it was delivered: not the subscription id (two subscriptions
 * deliver the same change), not v1's LEGACY vs v2's E.164 numbers, not element order or whitespace.
 * So a duplicate, and the same change seen through v1 and v2, get one id; two changes that differ
 * in anything they carry get two, with or without a timestamp.
 *
 * Event notifications (`MESSAGING_LOST`) carry nothing but the numbers: no order, no timestamp
 * (Bandwidth/api-docs `site/docs/numbers/eventWebhook.md`). Bandwidth never retries v1 notifications
 * (dev.bandwidth.com `docs/numbers/webhooks`), so each one received is a new event, told apart by
 * its receive time.
 */
export function bandwidthEventId(identity: BandwidthChangeIdentity): string {
  const timeless = identity.orderId === null && identity.lastModifiedDate === null;
  const fields = [
    "bandwidth",
    identity.orderType,
    identity.orderId,
    identity.status?.toUpperCase() ?? null,
    collapsed(identity.note),
    collapsed(identity.message),
    normalizeTimestamp(identity.lastModifiedDate),
    identity.eventType,
    [...new Set(identity.phoneNumbers)].sort(),
    timeless ? identity.receivedAt : null,
  ];
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex");
}

/** Text compared as words: XML and JSON deliveries may differ in line breaks and indentation. */
function collapsed(text: string | null): string | null {
  return text === null ? null : text.replace(/\s+/g, " ").trim();
}

/** `2023-09-12T15:11:31.705Z` and `2023-09-12T15:11:31.705+00:00` name the same instant. */
function normalizeTimestamp(value: string | null): string | null {
  if (value === null) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/**
 * The id of a notification that names no change (no order, no event): nothing identifies it but its
 * exact bytes, hashed with the route's source so a v1 and a v2 body never share an id.
 */
export function unplaceableEventId(
  source: "bandwidth/v1" | "bandwidth/v2",
  body: string | Uint8Array,
): string {
  return createHash("sha256").update(source).update(body).digest("hex");
}
