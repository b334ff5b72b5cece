import type { ListedSubscription } from "../../lib/bandwidthApi/subscriptionXml.ts";
import type { AppliedChange } from "../../lib/registration/apply.ts";
import { formatDuration, type PlannedChange } from "../../lib/registration/plan.ts";

/** One line per planned change, then the totals, like `terraform plan`. */
export function planLines(changes: readonly PlannedChange[]): string[] {
  const lines = changes.map((change) => {
    const id = "id" in change ? `  (${change.id})` : "";
    const reasons = "reasons" in change ? change.reasons.join(", ") : "";
    return `  ${change.action.padEnd(10)} ${change.target.padEnd(28)} ${reasons}${id}`.trimEnd();
  });
  const count = (action: PlannedChange["action"]) =>
    changes.filter((change) => change.action === action).length;
  lines.push(
    `Plan: ${count("create")} to create, ${count("update")} to update, ${count("unchanged")} unchanged, ${count("stale")} stale.`,
  );
  if (count("stale") > 0)
    lines.push(
      "Stale subscriptions point at this stack but are not wanted: delete them in the Bandwidth App if they are not yours.",
    );
  return lines;
}

/** What was done; failures with Bandwidth's reason. */
export function appliedLines(results: readonly AppliedChange[]): string[] {
  const failed = results.filter((result) => result.error);
  const done = (action: string) =>
    results.filter((result) => !result.error && result.change.action === action).length;
  return [
    ...failed.map(({ change, error }) => `  FAILED ${change.action} ${change.target}: ${error?.message}`),
    `Applied: ${done("create")} created, ${done("update")} updated, ${failed.length} failed.`,
  ];
}

/**
 * `--check`: each of the stack's subscriptions with its URL, whether its username is the stack's,
 * the expiry left and the last delivery status Bandwidth reports. Bandwidth never returns the
 * password, so whether it matches shows only in that status (a `401` there means it does not).
 */
export function checkLines(
  subscriptions: readonly ListedSubscription[],
  wanted: readonly string[],
  username: string,
  renewBelowSeconds: number,
): { lines: string[]; healthy: boolean } {
  let healthy = true;
  const lines = wanted.map((target) => {
    const found = subscriptions.find(
      (subscription) => (subscription.orderType ?? subscription.eventType) === target,
    );
    if (!found) {
      healthy = false;
      return `  ${target.padEnd(28)} MISSING`;
    }
    const credentials = found.username === username ? "username matches" : "USERNAME DIFFERS";
    const expiring = found.expirySeconds < renewBelowSeconds;
    const unauthorized = /\b401\b/.test(found.status ?? "");
    if (found.username !== username || expiring || unauthorized) healthy = false;
    return [
      `  ${target.padEnd(28)} ${found.url}`,
      `credentials: ${credentials}${unauthorized ? ", PASSWORD REFUSED (401)" : ""}`,
      `expires in ${formatDuration(found.expirySeconds)}${expiring ? " (RENEW)" : ""}`,
      `last delivery: ${found.status ?? "none reported"}`,
    ].join("  ");
  });
  lines.push(
    healthy
      ? "All subscriptions present, current and on the stack's credentials."
      : "Some subscriptions need attention: run `npm run register`.",
  );
  return { lines, healthy };
}
