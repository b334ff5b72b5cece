import type { CanonicalEvent } from "../event/canonical.ts";

/** The value of `details.recoveredBy` on an event the reconciler published. */
export const RECOVERED_BY_RECONCILIATION = "reconciliation";

/** One status change of one order, as the state table compares it. */
export interface OrderChange {
  /** The state table's key: `ORDER#<provider>#<order id>`. */
  key: string;
  /** The provider's status, upper-cased (Bandwidth spells it either way across its APIs). */
  status: string;
  /** When it happened at the provider (the event's `time`). */
  changedAt: string;
  eventId: string;
  /** Published by the reconciler rather than received from the provider. */
  recovered: boolean;
  /** Whether `changedAt` is the provider's own time (false: only the receive time was known). */
  providerTimed: boolean;
}

/** What the gateway last recorded for an order. */
export interface OrderState {
  status: string;
  changedAt: string;
  eventId: string;
  recovered: boolean;
}

/** The state table's key of an order. */
export function orderKey(provider: string, orderId: string): string {
  return `ORDER#${provider}#${orderId}`;
}

/**
 * The status change an event carries, or undefined when it carries none (a note, a number event, a
 * port-out validation decision): only status changes are tracked.
 */
export function orderChangeOf(event: CanonicalEvent): OrderChange | undefined {
  const { orderId, providerStatus, provider, details } = event.data;
  if (!orderId || !providerStatus || !event.type.endsWith(".status_changed")) return undefined;
  return {
    key: orderKey(provider, orderId),
    status: providerStatus.toUpperCase(),
    changedAt: new Date(event.time).toISOString(),
    eventId: event.id,
    recovered: details.recoveredBy === RECOVERED_BY_RECONCILIATION,
    providerTimed: event.time !== event.data.receivedAt,
  };
}

/**
 * What the fan-out does with a change, given what the table holds for its order:
 * - `absorbed`: the reconciler already delivered this status and this is the live notification of
 *   it arriving late (same status, not newer): not delivered a second time;
 * - `seen`: a reconciled change already fanned out, or whose live notification got through
 *   meanwhile: not delivered again;
 * - `stale`: the table holds a newer state of the order: delivered, marked `details.stale`;
 * - `current`: delivered, and recorded as the order's latest state.
 */
export function verdictOf(
  change: OrderChange,
  stored: OrderState | undefined,
): "absorbed" | "seen" | "stale" | "current" {
  if (!stored) return "current";
  // The state is written once the deliveries are queued: a reconciler run that published this very
  // change again (it had failed before its checkpoint) is not delivered twice. A live event sent
  // again on purpose (re-ingest) goes through as before.
  if (stored.eventId === change.eventId) return change.recovered ? "seen" : "current";
  const newer = Date.parse(change.changedAt) > Date.parse(stored.changedAt);
  if (stored.status === change.status && !newer) {
    if (change.recovered) return "seen";
    if (stored.recovered) return "absorbed";
  }
  // A live notification without the provider's time cannot be told from a later one of the same
  // status: it is taken as the one the reconciler stood in for.
  if (stored.recovered && !change.recovered && stored.status === change.status && !change.providerTimed) {
    return "absorbed";
  }
  if (Date.parse(change.changedAt) < Date.parse(stored.changedAt)) return "stale";
  return "current";
}
