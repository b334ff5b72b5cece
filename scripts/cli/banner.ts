import { describeDestinations } from "../../lib/destinations/describe.ts";
import { LOCAL_DEFAULTS } from "../local/environment.ts";
import type { LocalRuntime } from "../local/runtime.ts";

/** What `npm start` prints: the URLs to call, the dev credentials in use, and where events go. */
export function banner(runtime: LocalRuntime): string {
  const env = runtime.env;
  const destinations = describeDestinations(env.DESTINATIONS ?? "", env);
  // Show the password only while it is the published development default.
  const password =
    env.BANDWIDTH_PASSWORD === LOCAL_DEFAULTS.BANDWIDTH_PASSWORD
      ? env.BANDWIDTH_PASSWORD
      : "<BANDWIDTH_PASSWORD>";
  const lines = [
    "",
    "Number Events Gateway — local pipeline",
    "",
    "Webhook URLs:",
    ...runtime.routes.map((route) => `  ${route.method.padEnd(5)} ${runtime.url}${route.path}`),
    "",
    "Credentials in use (development only):",
    `  Bandwidth v1 Basic auth   ${env.BANDWIDTH_USERNAME}:${password}`,
    `  Bandwidth v2 HMAC secret  ${devOrCustom(env.BANDWIDTH_V2_HMAC_SECRET, LOCAL_DEFAULTS.BANDWIDTH_V2_HMAC_SECRET)}`,
    `  Telnyx public key         ${devOrCustom(env.TELNYX_PUBLIC_KEY, LOCAL_DEFAULTS.TELNYX_PUBLIC_KEY)}`,
    "",
    "Events go to:",
    ...destinations.map((line) => `  ${line}`),
    "",
    `SQS emulator: ${runtime.emulatorUrl}`,
    ...[...runtime.queues.values()].map((queue) => `  ${queue.name.padEnd(28)} ${queue.url}`),
    "",
    `DynamoDB (embedded): ${runtime.dynamoDbUrl}`,
    ...[...runtime.tables.values()].map((table) => `  ${table.name}`),
    "",
    `Bandwidth Dashboard API stand-in: ${runtime.bandwidthApiUrl}`,
    "  npm run register -- --stage local   # subscribe the local URLs there, as in AWS",
    "",
    "Try it:",
    `  curl -i -u ${env.BANDWIDTH_USERNAME}:${password} -H 'content-type: application/xml' \\`,
    `    --data-binary @events/bandwidth/v1/orders-complete.xml ${runtime.url}/bandwidth/v1/notifications`,
    "  npm run consume        # read (and delete) the events on the consumer queue",
    "  npm run simulate -- events/telnyx/number-order-complete.json   (signed as each provider would)",
    "  npm run simulate -- --all",
    "",
    "Port-out validation: load the sample directory, then ask:",
    `  DYNAMODB_PORT=${new URL(runtime.dynamoDbUrl).port} npm run directory -- import events/bandwidth/portout-validation/directory.sample.csv`,
    `  curl -i -u ${env.BANDWIDTH_USERNAME}:${password} -H 'content-type: application/xml' \\`,
    `    --data-binary @events/bandwidth/portout-validation/valid.xml ${runtime.url}/bandwidth/v1/portout-validation`,
    "",
    `ready ${runtime.url}`,
  ];
  return lines.join("\n");
}

/** Says whether the dev key from scripts/local/devKeys.ts is in use, without printing any secret. */
function devOrCustom(value: string | undefined, devValue: string): string {
  return value === devValue ? "development key (scripts/local/devKeys.ts)" : "from the environment";
}
