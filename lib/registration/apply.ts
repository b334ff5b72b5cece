import type { BandwidthSubscriptions } from "../bandwidthApi/subscriptions.ts";
import type { PlannedChange } from "./plan.ts";

export interface AppliedChange {
  change: PlannedChange;
  /** The new subscription's id, after a create. */
  createdId?: string;
  error?: Error;
}

/**
 * Carries out the creates and updates of a plan, one at a time, each with the gateway's current
 * password. A failed change does not stop the others: each result says what happened. Stale and
 * unchanged subscriptions are left as they are.
 */
export async function applyPlan(
  subscriptions: BandwidthSubscriptions,
  changes: readonly PlannedChange[],
  password: string,
): Promise<AppliedChange[]> {
  const results: AppliedChange[] = [];
  for (const change of changes) {
    try {
      if (change.action === "create") {
        results.push({ change, createdId: await subscriptions.create(change.desired, password) });
      } else if (change.action === "update") {
        await subscriptions.update(change.id, change.desired, password);
        results.push({ change });
      }
    } catch (error) {
      results.push({ change, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  return results;
}
