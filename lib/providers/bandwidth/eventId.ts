import { createHash } from "node:crypto";

/** What identifies one Bandwidth order change, whichever webhook version delivered it. */
export interface BandwidthChangeIdentity {
  orderType: string | null;
  orderId: string | null;
  status: string | null;
  note: string | null;
  lastModifiedDate: string | null;
  eventType: string | null;
  /** E.164 numbers; part of the identity only for events that have no order id (MESSAGING_LOST). */
  phoneNumbers: readonly string[];
}

/**
 * The deterministic event id for Bandwidth: a SHA-256 over the fields that identify the change.
 * v1 XML and Subscriptions 2.0 JSON carry the same fields (providers.md §1.2, §5.1), so the same
 * order change received through both during a migration gets the same id and is delivered once.
 * The subscription id and the free-text message are left out on purpose: v2 has no subscription id,
 * and two subscriptions for the same order type deliver the same change.
 */
export function bandwidthEventId(identity: BandwidthChangeIdentity): string {
  const fields = [
    "bandwidth",
    identity.orderType,
    identity.orderId,
    identity.status?.toUpperCase() ?? null,
    identity.note,
    normalizeTimestamp(identity.lastModifiedDate),
    identity.eventType,
    identity.orderId ? [] : [...identity.phoneNumbers].sort(),
  ];
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex");
}

/** `2023-09-12T15:11:31.705Z` and `2023-09-12T15:11:31.705+00:00` name the same instant. */
function normalizeTimestamp(value: string | null): string | null {
  if (value === null) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}
