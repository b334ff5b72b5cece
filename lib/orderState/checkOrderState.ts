import type { CanonicalEvent } from "../event/canonical.ts";
import { logger } from "../log.ts";
import { type OrderState, orderChangeOf, verdictOf } from "./orderChange.ts";
import type { OrderStateTable } from "./orderStateTable.ts";

export interface CheckedEvent {
  /** The event to deliver: as received, or marked `details.stale`. */
  event: CanonicalEvent;
  /** False when the reconciler already delivered this change (a late live notification). */
  deliver: boolean;
  /** Records what was decided, once the deliveries are queued (so a crash before it loses nothing). */
  settle(): Promise<void>;
}

/**
 * Compares an event's status change with the order's last recorded state (the fan-out path): a late
 * live notification of a change the reconciler already delivered is not delivered again, nor is a
 * reconciled change whose live notification got through meanwhile; an event
 * older than the recorded state is delivered marked `details.stale: true`, never dropped; anything
 * else becomes the order's recorded state.
 */
export async function checkOrderState(table: OrderStateTable, event: CanonicalEvent): Promise<CheckedEvent> {
  const change = orderChangeOf(event);
  if (!change) return { event, deliver: true, settle: async () => {} };
  let stored: OrderState | undefined;
  if (change.recovered) {
    // Reconciled changes (rare) are recorded only once delivered, so a crash in between cannot make
    // their second run look like one already fanned out ("seen").
    stored = await table.get(change.key);
  } else {
    // Live ones (nearly all) are recorded first, in one conditional write that also reads nothing;
    // run again after a crash, the same event passes the condition again and is delivered.
    const claim = await table.claim(change);
    if (claim.claimed) return { event, deliver: true, settle: async () => {} };
    stored = claim.stored;
  }
  const verdict = verdictOf(change, stored);
  if (verdict === "absorbed" && stored) {
    logger.info("already delivered by reconciliation: not delivered again", {
      eventId: event.id,
      reconciledEventId: stored.eventId,
    });
    return { event, deliver: false, settle: () => table.absorb(change.key, stored, event.id) };
  }
  if (verdict === "seen") {
    logger.info("this change was fanned out already: not delivered again", { eventId: event.id });
    return { event, deliver: false, settle: async () => {} };
  }
  if (verdict === "stale") {
    logger.info("older than the order's recorded state: delivered marked stale", { eventId: event.id });
    const marked = { ...event, data: { ...event.data, details: { ...event.data.details, stale: true } } };
    return { event: marked, deliver: true, settle: async () => {} };
  }
  return {
    event,
    deliver: true,
    async settle() {
      if (!(await table.record(change)))
        logger.info("a newer state was recorded meanwhile", { eventId: event.id });
    },
  };
}
