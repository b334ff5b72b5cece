import { createOrdersStandIn } from "./orders.ts";
import { type BandwidthApiStandIn, startBandwidthApiStandIn } from "./server.ts";
import { subscriptionsRoute } from "./subscriptions.ts";

/** The account and API user of the stand-in `npm start` serves (development only, like LOCAL_DEFAULTS). */
export const LOCAL_BANDWIDTH_API = {
  accountId: "9900000",
  username: "local-api-user",
  password: "local-api-password",
} as const;

/** The stand-in `npm start` serves, with every resource the gateway's commands use. */
export async function startLocalBandwidthApi(host: string, port: number): Promise<BandwidthApiStandIn> {
  let base = "";
  const subscriptions = subscriptionsRoute({ baseUrl: () => base });
  const standIn = await startBandwidthApiStandIn({
    ...LOCAL_BANDWIDTH_API,
    routes: [subscriptions.route, createOrdersStandIn({ accountId: LOCAL_BANDWIDTH_API.accountId }).route],
    port,
    host,
  });
  base = `${standIn.url}/accounts/${LOCAL_BANDWIDTH_API.accountId}`;
  return standIn;
}
