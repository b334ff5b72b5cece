import { GetQueueUrlCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { ConfigError } from "../../lib/errors.ts";
import { localAwsEnvironment } from "../local/clientConfig.ts";
import { localDestinations } from "../local/environment.ts";
import { LOCAL_PORTS, localDataDir, localName, localNamePrefix } from "../local/names.ts";

/** The variables, set from the stack outputs, that name the AWS resources operator commands act on. */
const AWS_VARIABLES = [
  "EVENTS_QUEUE_URL",
  "ARCHIVE_BUCKET",
  "DELIVERIES_QUEUE_URL",
  "DELIVERY_DEAD_LETTER_QUEUE_URL",
  "CONSUMER_QUEUE_URL",
  "PORTOUT_DIRECTORY_TABLE",
];

export interface Target {
  /** True when the command acts on a running `npm start`. */
  local: boolean;
  /** The target for a message: `AWS`, or `the local pipeline (http://127.0.0.1:4566)`. */
  description: string;
  /** A queue's URL: the variable's value, or locally the queue `npm start` made for the logical id. */
  queueUrl(client: SQSClient, variable: string, logicalId: string): Promise<string>;
  /** A bucket or table name: the variable's value, or locally the one `npm start` made for the logical id. */
  bucket(variable: string, logicalId: string): string;
  table(variable: string, logicalId: string): string;
  /** DESTINATIONS as the functions see it; locally, the local default unless set. */
  destinationsConfig: string;
}

/**
 * Where an operator command acts, the one answer for every command. In AWS: set the variables the
 * functions use, from the stack outputs (`EVENTS_QUEUE_URL`, `ARCHIVE_BUCKET`, `DELIVERIES_QUEUE_URL`,
 * `PORTOUT_DIRECTORY_TABLE`, …), with your usual AWS credentials. With none of them set, the command
 * acts on the running `npm start`: its emulator (`AWS_ENDPOINT_URL_SQS`/`_S3`, or
 * 127.0.0.1:`EMULATOR_PORT`), its DynamoDB (`AWS_ENDPOINT_URL_DYNAMODB`, or 127.0.0.1:`DYNAMODB_PORT`)
 * and the names the local runtime gives (after `LOCAL_NAME_PREFIX`, as that `npm start` was given). Locally the SDK's standard variables are set in `env`, so
 * every client built afterwards reaches the local services.
 */
export function resolveTarget(env: NodeJS.ProcessEnv = process.env): Target {
  const local = !AWS_VARIABLES.some((variable) => env[variable]);
  const emulator = `http://127.0.0.1:${env.EMULATOR_PORT ?? LOCAL_PORTS.EMULATOR_PORT}`;
  const prefix = local ? localNamePrefix(env) : "";
  if (local) {
    const dynamodb = `http://127.0.0.1:${env.DYNAMODB_PORT ?? LOCAL_PORTS.DYNAMODB_PORT}`;
    const defaults = localAwsEnvironment({ sqs: emulator, sns: emulator, s3: emulator, dynamodb });
    for (const [variable, value] of Object.entries(defaults)) env[variable] ??= value;
  }
  const named = (variable: string, localName: string): string => {
    const configured = env[variable];
    if (configured) return configured;
    if (!local) throw new ConfigError(variable, "is not set (take it from the stack outputs)");
    return localName;
  };
  return {
    local,
    description: local ? `the local pipeline (${env.AWS_ENDPOINT_URL_SQS})` : "AWS",
    async queueUrl(client, variable, logicalId) {
      const name = localName(logicalId, "fifoQueue", prefix);
      const configured = named(variable, "");
      if (configured) return configured;
      try {
        const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: name }));
        if (QueueUrl) return QueueUrl;
      } catch (error) {
        throw new Error(`no local queue ${name} at ${env.AWS_ENDPOINT_URL_SQS}: is \`npm start\` running?`, {
          cause: error,
        });
      }
      throw new Error(`no local queue ${name} at ${env.AWS_ENDPOINT_URL_SQS}`);
    },
    bucket: (variable, logicalId) => named(variable, localName(logicalId, "bucket", prefix)),
    table: (variable, logicalId) => named(variable, localName(logicalId, "table", prefix)),
    destinationsConfig: env.DESTINATIONS ?? (local ? localDestinations(localDataDir(env)) : ""),
  };
}
