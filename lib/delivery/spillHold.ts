/**
 * After its last delivery through the deliveries queue, a direct destination goes on being sent to
 * through the queue this long before the fan-out sends to it directly again: the deliveries queued
 * before are delivered first, so no event of an order overtakes an earlier one.
 */
export const SPILL_HOLD_MS = 15 * 60_000;

/**
 * Whether a direct destination is "spilling": its deliveries go through the deliveries queue, where
 * they are retried and dead-lettered as any other's, because a direct send failed
 * (lib/delivery/spillSwitch.ts keeps it in DynamoDB).
 */
export interface SpillSwitch {
  /** The destinations among `names` spilling now. */
  spilling(names: readonly string[]): Promise<Set<string>>;
  /** Keeps `name` spilling until `untilMs` at least (never shortens it). */
  holdUntil(name: string, untilMs: number): Promise<void>;
}
