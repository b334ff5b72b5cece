import { createBandwidthApi } from "../bandwidthApi/client.ts";
import { bandwidthSubscriptions } from "../bandwidthApi/subscriptions.ts";
import { intEnv, listEnv, requireEnv } from "../config/env.ts";
import { readSecret } from "../config/secrets.ts";
import { logger } from "../log.ts";
import { applyPlan } from "./apply.ts";
import { checkOrderTypes, DEFAULT_ORDER_TYPES, desiredSubscriptions, EVENT_TYPES } from "./desired.ts";
import { planSubscriptions } from "./plan.ts";

/** The log line the `SubscriptionMissing` metric filter counts (serverless/monitoring.yml). */
export const MISSING_MESSAGE = "bandwidth subscription missing";

/** Renewal failed for at least one subscription; the function fails, and its errors alarm fires. */
export class RenewalError extends Error {
  override name = "RenewalError";
}

export interface RenewalSummary {
  renewed: number;
  recreated: number;
  unchanged: number;
}

/**
 * The scheduled renewal (functions/renewSubscriptions.ts): reads the account's v1 subscriptions,
 * renews each of the stack's whose remaining `Expiry` is under the margin, re-creates a missing one
 * (logged as {@link MISSING_MESSAGE}, which alarms; with none of the stack's there at all it only logs that), with the gateway's current password. Without
 * `BANDWIDTH_ACCOUNT_ID` (the default `''`, and under `npm start` unless set) it does nothing, saying so.
 * Configuration is read per run: the secrets come from SSM, cached for five minutes.
 */
export async function renewSubscriptions(): Promise<RenewalSummary | undefined> {
  const env = process.env;
  const accountId = env.BANDWIDTH_ACCOUNT_ID ?? "";
  if (accountId === "") {
    logger.info("subscription renewal skipped: bandwidthAccountId is not set");
    return undefined;
  }
  const api = createBandwidthApi({
    baseUrl: requireEnv("BANDWIDTH_API_URL", env),
    accountId,
    username: await readSecret("BANDWIDTH_API_USERNAME"),
    password: await readSecret("BANDWIDTH_API_PASSWORD"),
  });
  const orderTypes = listEnv("BANDWIDTH_ORDER_TYPES", [], env);
  const desired = desiredSubscriptions({
    url: requireEnv("BANDWIDTH_V1_NOTIFICATIONS_URL", env),
    username: requireEnv("BANDWIDTH_USERNAME", env),
    orderTypes: orderTypes.length > 0 ? checkOrderTypes(orderTypes) : DEFAULT_ORDER_TYPES,
    eventTypes: EVENT_TYPES,
  });
  const subscriptions = bandwidthSubscriptions(api);
  const listed = await subscriptions.list();
  const changes = planSubscriptions(desired, listed, {
    renewBelowSeconds: intEnv("SUBSCRIPTION_RENEWAL_MARGIN_DAYS", 30, env) * 86_400,
    rewriteCredentials: false,
  });
  // The first registration is the operator's (`npm run register`): with none of ours at all, say so
  // (it alarms) rather than subscribe an account nobody registered.
  if (changes.every((change) => change.action === "create")) {
    logger.error(MISSING_MESSAGE, { missing: changes.length, fix: "npm run register" });
    return { renewed: 0, recreated: 0, unchanged: 0 };
  }
  const results = await applyPlan(subscriptions, changes, await readSecret("BANDWIDTH_PASSWORD"));
  const failed = results.filter((result) => result.error);
  for (const { change, error } of results) {
    const context = { target: change.target, reasons: "reasons" in change ? change.reasons : [] };
    if (error) logger.error("bandwidth subscription not renewed", { ...context, error: error.message });
    else if (change.action === "create") logger.error(MISSING_MESSAGE, context);
    else logger.info("bandwidth subscription renewed", context);
  }
  for (const change of changes.filter((change) => change.action === "stale"))
    logger.warn("bandwidth subscription stale: remove it with `npm run register`", { target: change.target });
  if (failed.length > 0)
    throw new RenewalError(
      `${failed.length} of ${results.length} subscription changes failed: ${failed[0]?.error?.message}`,
    );
  return {
    renewed: results.filter(({ change }) => change.action === "update").length,
    recreated: results.filter(({ change }) => change.action === "create").length,
    unchanged: changes.filter((change) => change.action === "unchanged").length,
  };
}
