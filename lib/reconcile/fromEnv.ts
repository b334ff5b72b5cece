import { dynamoDb } from "../aws/dynamoDb.ts";
import { sqsSendMessage } from "../aws/sqs.ts";
import { intEnv, listEnv, requireEnv } from "../config/env.ts";
import { readSecret } from "../config/secrets.ts";
import { ConfigError } from "../errors.ts";
import { logger } from "../log.ts";
import { orderStateTable } from "../orderState/orderStateTable.ts";
import { createPublisher } from "../queue/publisher.ts";
import { bandwidthRequest } from "./bandwidthRequest.ts";
import { ORDER_LISTS } from "./orderLists.ts";
import { type ReconcileResult, reconcile } from "./reconcile.ts";

/**
 * The scheduled reconciler, configured from the environment once (serverless.yml `reconcile`).
 * With no `BANDWIDTH_ACCOUNT_ID` it is off: each run logs that and returns. The API user's
 * credentials are read at each run (cached, see lib/config/secrets.ts), so a rotation needs no deploy.
 */
export function reconcilerFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const accountId = env.BANDWIDTH_ACCOUNT_ID?.trim() ?? "";
  if (accountId === "") {
    return async (): Promise<undefined> => {
      logger.info("reconciliation is off: BANDWIDTH_ACCOUNT_ID is not set");
      return undefined;
    };
  }
  const orderTypes = listEnv("RECONCILE_ORDER_TYPES", Object.keys(ORDER_LISTS), env);
  const unknown = orderTypes.filter((type) => !(type in ORDER_LISTS));
  if (unknown.length > 0)
    throw new ConfigError("RECONCILE_ORDER_TYPES", `has no order list for ${unknown.join(", ")}`);
  const table = orderStateTable(
    dynamoDb(env),
    requireEnv("ORDER_STATE_TABLE", env),
    intEnv("ORDER_STATE_RETENTION_DAYS", 400, env),
  );
  const publisher = createPublisher(sqsSendMessage(env), requireEnv("EVENTS_QUEUE_URL", env));
  const baseUrl = requireEnv("BANDWIDTH_API_URL", env);
  const settleSeconds = intEnv("RECONCILE_SETTLE_SECONDS", 300, env);
  const lookbackSeconds = intEnv("RECONCILE_LOOKBACK_SECONDS", 3600, env);
  const pageSize = intEnv("RECONCILE_PAGE_SIZE", 300, env);
  const requestIntervalMs = intEnv("RECONCILE_REQUEST_INTERVAL_MS", 250, env);
  return async (deadline: number): Promise<ReconcileResult | undefined> => {
    let get: ReturnType<typeof bandwidthRequest>;
    try {
      const [username, password] = await Promise.all([
        readSecret("BANDWIDTH_API_USERNAME"),
        readSecret("BANDWIDTH_API_PASSWORD"),
      ]);
      get = bandwidthRequest({ baseUrl, accountId, username, password });
    } catch (error) {
      logger.error("reconciliation failed", { error });
      return { found: [], failed: orderTypes };
    }
    return reconcile({
      get,
      table,
      publisher,
      orderTypes,
      settleSeconds,
      lookbackSeconds,
      deadline,
      pageSize,
      requestIntervalMs,
    });
  };
}
