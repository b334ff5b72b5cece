import { describeDestinations } from "../../lib/destinations/describe.ts";
import { LOCAL_DEFAULTS } from "../local/environment.ts";
import { LOCAL_PORTS, localDataDir } from "../local/names.ts";
import type { LocalRuntime } from "../local/runtime.ts";

/**
 * What `npm start` prints: the URLs to call, the dev credentials in use, where events go, and the
 * commands to try — prefixed with the variables that make them reach this instance when it runs on
 * other ports or another data folder.
 */
export function banner(runtime: LocalRuntime, dataDir: string): string {
  const env = runtime.env;
  const to = instanceVariables(runtime, dataDir);
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
    // The emulator answers with virtual-host URLs (sqs.<region>.localhost) that do not resolve;
    // the same queue on the emulator's own address does.
    ...[...runtime.queues.values()].map(
      (queue) => `  ${queue.name.padEnd(28)} ${runtime.emulatorUrl}${new URL(queue.url).pathname}`,
    ),
    "",
    `DynamoDB (embedded): ${runtime.dynamoDbUrl}`,
    ...[...runtime.tables.values()].map((table) => `  ${table.name}`),
    "",
    `Bandwidth Dashboard API stand-in: ${runtime.bandwidthApiUrl}`,
    "  npm run register -- --stage local   # subscribe the local URLs there, as in AWS",
    "",
    `Firehose stand-in: ${runtime.firehoseUrl}`,
    "  raw requests → the archive bucket's raw/date=…/hour=…/ within a second (in AWS: its buffering interval)",
    "",
    "Try it:",
    `  curl -i -u ${env.BANDWIDTH_USERNAME}:${password} -H 'content-type: application/xml' \\`,
    `    --data-binary @events/bandwidth/v1/orders-complete.xml ${runtime.url}/bandwidth/v1/notifications`,
    `  ${to}npm run consume        # read (and delete) the events on the consumer queue`,
    `  ${to}npm run simulate -- events/telnyx/number-order-complete.json   (signed as each provider would)`,
    `  ${to}npm run simulate -- --all`,
    `  ${to}npm run trace -- <event id | order id | number | PON>   (what happened to it, stage by stage)`,
    `  open ${runtime.url}/_console   (every webhook live, its attempts, replay and redrive)`,
    "",
    "Port-out validation: load the sample directory, then ask:",
    `  ${to}npm run directory -- import events/bandwidth/portout-validation/directory.sample.csv`,
    `  curl -i -u ${env.BANDWIDTH_USERNAME}:${password} -H 'content-type: application/xml' \\`,
    `    --data-binary @events/bandwidth/portout-validation/valid.xml ${runtime.url}/bandwidth/v1/portout-validation`,
    "",
    `ready ${runtime.url}`,
  ];
  return lines.join("\n");
}

/** `PORT=… EMULATOR_PORT=… LOCAL_NAME_PREFIX=… ` for what differs from the defaults the commands assume; empty when nothing does. */
function instanceVariables(runtime: LocalRuntime, dataDir: string): string {
  const variables: [string, string, string][] = [
    ["PORT", new URL(runtime.url).port, "3000"],
    ["EMULATOR_PORT", new URL(runtime.emulatorUrl).port, String(LOCAL_PORTS.EMULATOR_PORT)],
    ["DYNAMODB_PORT", new URL(runtime.dynamoDbUrl).port, String(LOCAL_PORTS.DYNAMODB_PORT)],
    // The commands read LOCAL_DATA_DIR relative to the project root (the default folder: no variable set);
    // an absolute path works from anywhere.
    ["LOCAL_DATA_DIR", dataDir, localDataDir({})],
    // The commands find this instance's queues, buckets and tables by its names (scripts/local/names.ts).
    ["LOCAL_NAME_PREFIX", runtime.namePrefix, ""],
  ];
  return variables
    .filter(([, value, usual]) => value !== usual)
    .map(([name, value]) => `${name}=${value} `)
    .join("");
}

/** Says whether the dev key from scripts/local/devKeys.ts is in use, without printing any secret. */
function devOrCustom(value: string | undefined, devValue: string): string {
  return value === devValue ? "development key (scripts/local/devKeys.ts)" : "from the environment";
}
