import { join } from "node:path";
import { LOCAL_BANDWIDTH_API } from "../standin/bandwidth/local.ts";
import { localAwsEnvironment } from "./clientConfig.ts";
import { DEV_BANDWIDTH_V2_HMAC_SECRET, DEV_TELNYX_PUBLIC_KEY } from "./devKeys.ts";
import { logicalIdOf } from "./logicalId.ts";
import type { LocalQueue } from "./queues.ts";
import type { LocalTable } from "./tables.ts";

/** Development-only credentials for `npm start`. Never used in AWS: there the values come from SSM. */
export const LOCAL_DEFAULTS = {
  BANDWIDTH_USERNAME: "bandwidth",
  BANDWIDTH_PASSWORD: "local-dev-password",
  BANDWIDTH_V2_HMAC_SECRET: DEV_BANDWIDTH_V2_HMAC_SECRET,
  TELNYX_PUBLIC_KEY: DEV_TELNYX_PUBLIC_KEY,
} as const;

/**
 * The local default destinations: a JSON-lines file under the data folder and, as in AWS, the
 * consumer queue (on the emulator).
 */
export function localDestinations(dataDir: string): string {
  return JSON.stringify({
    destinations: [
      { name: "local-file", type: "file", path: join(dataDir, "events.jsonl") },
      { name: "consumer", type: "sqs", queueUrlEnv: "CONSUMER_QUEUE_URL" },
    ],
  });
}

/**
 * The process environment for the local pipeline. Precedence: what the user exported, then what
 * the template says (queue `Ref`s resolved to the emulator's queues), then local defaults.
 * Template values that use Serverless variables (`${param:…}`) only make sense in AWS and are skipped.
 */
export function localEnvironment(options: {
  userEnv: NodeJS.ProcessEnv;
  templateEnv: Record<string, Record<string, unknown>>;
  queues: ReadonlyMap<string, LocalQueue>;
  tables: ReadonlyMap<string, LocalTable>;
  /** Bucket logical id → local bucket name. */
  buckets: ReadonlyMap<string, string>;
  /** Logical ids of the delivery streams the Firehose stand-in serves (locally named by them). */
  deliveryStreams: ReadonlySet<string>;
  emulatorUrl: string;
  /** The Firehose stand-in's endpoint. */
  firehoseUrl: string;
  dynamoDbUrl: string;
  dataDir: string;
  /** The local HTTP API's URL: what `Fn::GetAtt: [HttpApi, ApiEndpoint]` is in AWS. */
  apiUrl: string;
  /** The Bandwidth Dashboard API stand-in's base URL. */
  bandwidthApiUrl: string;
}): Record<string, string> {
  const fromTemplate: Record<string, string> = {};
  for (const variables of Object.values(options.templateEnv)) {
    for (const [name, value] of Object.entries(variables)) {
      if (typeof value === "string") {
        if (!value.includes("${")) fromTemplate[name] = value;
        continue;
      }
      const joined = apiUrlJoin(value, options.apiUrl);
      if (joined !== undefined) {
        fromTemplate[name] = joined;
        continue;
      }
      const logicalId = logicalIdOf(value);
      const queue = options.queues.get(logicalId);
      const bucket = options.buckets.get(logicalId);
      const table = options.tables.get(logicalId);
      const getAtt = "Fn::GetAtt" in (value as object);
      if (queue) fromTemplate[name] = getAtt ? queue.arn : queue.url;
      else if (bucket) fromTemplate[name] = bucket;
      else if (table) fromTemplate[name] = getAtt ? table.arn : table.name;
      else if (options.deliveryStreams.has(logicalId) && !getAtt) fromTemplate[name] = logicalId;
      else throw new Error(`serverless.yml: ${name} refers to a resource the local runtime does not emulate`);
    }
  }
  const defaults: Record<string, string> = {
    ...LOCAL_DEFAULTS,
    ...localAwsEnvironment({
      sqs: options.emulatorUrl,
      sns: options.emulatorUrl,
      s3: options.emulatorUrl,
      dynamodb: options.dynamoDbUrl,
      firehose: options.firehoseUrl,
    }),
    // EMF lines are for CloudWatch; on a console they drown the log.
    METRICS_DISABLED: "true",
    // The renewal function and `npm run register -- --stage local` talk to the stand-in, never to Bandwidth.
    BANDWIDTH_API_URL: options.bandwidthApiUrl,
    BANDWIDTH_ACCOUNT_ID: LOCAL_BANDWIDTH_API.accountId,
    BANDWIDTH_API_USERNAME: LOCAL_BANDWIDTH_API.username,
    BANDWIDTH_API_PASSWORD: LOCAL_BANDWIDTH_API.password,
    // As in AWS, every event also goes to the consumer queue (on the emulator).
    DESTINATIONS: localDestinations(options.dataDir),
  };
  const user = Object.fromEntries(
    Object.entries(options.userEnv).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return { ...defaults, ...fromTemplate, ...user };
}

/**
 * `Fn::Join: ['', [Fn::GetAtt: [HttpApi, ApiEndpoint], /path]]` (a callback URL, as the outputs
 * build them) → the local URL of that path; undefined for any other value.
 */
function apiUrlJoin(value: unknown, apiUrl: string): string | undefined {
  const join = (value as Record<string, unknown>)["Fn::Join"];
  if (!Array.isArray(join) || join[0] !== "" || !Array.isArray(join[1])) return undefined;
  const parts = (join[1] as unknown[]).map((part) => {
    if (typeof part === "string") return part;
    const getAtt = (part as Record<string, unknown> | null)?.["Fn::GetAtt"];
    return Array.isArray(getAtt) && getAtt[0] === "HttpApi" && getAtt[1] === "ApiEndpoint"
      ? apiUrl
      : undefined;
  });
  return parts.every((part) => part !== undefined) ? parts.join("") : undefined;
}
