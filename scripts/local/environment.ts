import { join } from "node:path";
import { localAwsEnvironment } from "./clientConfig.ts";
import { DEV_BANDWIDTH_V2_HMAC_SECRET, DEV_TELNYX_PUBLIC_KEY } from "./devKeys.ts";
import type { LocalQueue } from "./queues.ts";
import type { LocalTable } from "./tables.ts";
import { logicalIdOf } from "./template.ts";

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
  emulatorUrl: string;
  dynamoDbUrl: string;
  dataDir: string;
}): Record<string, string> {
  const fromTemplate: Record<string, string> = {};
  for (const variables of Object.values(options.templateEnv)) {
    for (const [name, value] of Object.entries(variables)) {
      if (typeof value === "string") {
        if (!value.includes("${")) fromTemplate[name] = value;
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
    }),
    // EMF lines are for CloudWatch; on a console they drown the log.
    POWERTOOLS_METRICS_DISABLED: "true",
    // As in AWS, every event also goes to the consumer queue (on the emulator).
    DESTINATIONS: localDestinations(options.dataDir),
  };
  const user = Object.fromEntries(
    Object.entries(options.userEnv).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return { ...defaults, ...fromTemplate, ...user };
}
