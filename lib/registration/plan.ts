import type { CallbackSubscription, ListedSubscription } from "../bandwidthApi/subscriptionXml.ts";
import { targetOf } from "../bandwidthApi/subscriptionXml.ts";

export type PlannedChange =
  | { action: "create"; target: string; desired: CallbackSubscription; reasons: string[] }
  | { action: "update"; target: string; id: string; desired: CallbackSubscription; reasons: string[] }
  | { action: "unchanged"; target: string; id: string; listed: ListedSubscription }
  | { action: "stale"; target: string; id: string; listed: ListedSubscription; reasons: string[] };

export interface PlanOptions {
  /** Renew a subscription with fewer seconds left than this. */
  renewBelowSeconds: number;
  /**
   * Rewrite the credentials of every subscription. Bandwidth never returns a subscription's password
   * (its GET shows the `Username` only: site/specs/numbers.yml `GetSubscriptions` example), so a
   * changed password cannot be seen by reading: the password rotation asks for this.
   */
  rewriteCredentials: boolean;
}

/**
 * What to do so that Bandwidth holds exactly the desired subscriptions, like `terraform plan`.
 * Ours are those whose URL is the stack's: one of them per target is kept (updated if its username,
 * number format or remaining expiry differ), a missing one is created, and any other of ours (a
 * duplicate, or a target no longer selected) is stale. Subscriptions to other URLs are not ours and
 * are left alone. Pure.
 */
export function planSubscriptions(
  desired: readonly CallbackSubscription[],
  listed: readonly ListedSubscription[],
  options: PlanOptions,
): PlannedChange[] {
  const url = desired[0]?.url;
  const ours = listed.filter((subscription) => subscription.url === url);
  const kept = new Set<string>();
  const changes: PlannedChange[] = desired.map((wanted) => {
    const target = targetOf(wanted);
    const existing = ours.find((subscription) => targetOf(subscription) === target);
    if (!existing) return { action: "create", target, desired: wanted, reasons: ["missing"] };
    kept.add(existing.id);
    const reasons = differences(wanted, existing, options);
    return reasons.length === 0
      ? { action: "unchanged", target, id: existing.id, listed: existing }
      : { action: "update", target, id: existing.id, desired: wanted, reasons };
  });
  for (const subscription of ours) {
    if (kept.has(subscription.id)) continue;
    const target = targetOf(subscription);
    const selected = desired.some((wanted) => targetOf(wanted) === target);
    changes.push({
      action: "stale",
      target,
      id: subscription.id,
      listed: subscription,
      reasons: [selected ? "a second subscription for the same target" : "target not selected"],
    });
  }
  return changes;
}

function differences(
  wanted: CallbackSubscription,
  existing: ListedSubscription,
  options: PlanOptions,
): string[] {
  const reasons: string[] = [];
  if (existing.username !== wanted.username) reasons.push("username differs");
  if (options.rewriteCredentials) reasons.push("credentials rewritten");
  if (existing.numberFormat !== wanted.numberFormat) reasons.push(`number format ${existing.numberFormat}`);
  if (existing.expirySeconds < options.renewBelowSeconds)
    reasons.push(`expires in ${formatDuration(existing.expirySeconds)}`);
  return reasons;
}

/** `90061` → `1d 1h`, for plans and checks. */
export function formatDuration(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  if (days > 0) return `${days}d ${hours}h`;
  return `${hours}h ${Math.floor((seconds % 3600) / 60)}m`;
}
