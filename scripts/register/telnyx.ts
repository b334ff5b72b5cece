import type { SSMClient } from "@aws-sdk/client-ssm";
import { createSsmParameterReader } from "../../lib/aws/ssmParameter.ts";
import {
  openPortingOrders,
  setPortingOrderWebhook,
  TelnyxApiError,
} from "../../lib/telnyxApi/portingOrders.ts";
import { ssmClientParameter } from "./ssmClientParameter.ts";

/** telnyx-node `src/client.ts`: the default base URL. */
const TELNYX_API_URL = "https://api.telnyx.com/v2";

/**
 * What the Telnyx API allows for the stack: point every porting order still in progress at
 * `TelnyxNotificationsUrl` (`webhook_url`). Needs the SSM SecureString `<ssmPrefix>/telnyx-api-key`;
 * without it, says so and leaves Telnyx to the printed manual steps. Number-order and account-wide
 * porting notifications are Portal settings (the manual steps). Returns false when a call failed.
 */
export async function registerTelnyxPortingOrders(options: {
  ssm: SSMClient;
  ssmPrefix: string;
  url: string;
  apiUrl: string | undefined;
  dryRun: boolean;
  check: boolean;
  print: (line: string) => void;
}): Promise<boolean> {
  let apiKey: string;
  try {
    apiKey = await createSsmParameterReader(ssmClientParameter(options.ssm))(
      `${options.ssmPrefix}/telnyx-api-key`,
    );
  } catch {
    options.print(
      `Telnyx: no ${options.ssmPrefix}/telnyx-api-key, so open porting orders are left as they are.`,
    );
    return true;
  }
  const api = { baseUrl: options.apiUrl || TELNYX_API_URL, apiKey };
  try {
    const orders = await openPortingOrders(api);
    const elsewhere = orders.filter((order) => order.webhookUrl !== options.url);
    options.print(`Telnyx porting orders in progress → ${options.url}`);
    for (const order of orders) {
      const action = order.webhookUrl === options.url ? "unchanged" : options.check ? "ELSEWHERE" : "update";
      options.print(
        `  ${action.padEnd(10)} porting order ${order.id} (${order.status}) ${order.webhookUrl ?? "no webhook_url"}`,
      );
    }
    if (options.check) return elsewhere.length === 0;
    options.print(
      `Plan: ${elsewhere.length} porting orders to update, ${orders.length - elsewhere.length} unchanged.`,
    );
    if (options.dryRun) return true;
    for (const order of elsewhere) await setPortingOrderWebhook(api, order.id, options.url);
    return true;
  } catch (error) {
    if (!(error instanceof TelnyxApiError)) throw error;
    options.print(`  FAILED Telnyx: ${error.message}`);
    return false;
  }
}
