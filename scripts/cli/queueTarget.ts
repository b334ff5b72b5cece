import { resolve } from "node:path";
import { GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import { localDestinations } from "../local/environment.ts";

/**
 * Where the operator CLIs (consume, redrive, replay) find the queues. In AWS: the URLs from the stack
 * outputs in the same variables the functions use (`DELIVERIES_QUEUE_URL`, …), with your AWS
 * credentials. Locally (no such variable): the queues of a running `npm start`, on its emulator at
 * `AWS_ENDPOINT_URL_SQS` or `127.0.0.1:${EMULATOR_PORT:-4566}`.
 */
export interface QueueTarget {
  client: SQSClient;
  queueUrl(variable: string, logicalId: string): Promise<string>;
  /** DESTINATIONS as the functions see it; locally, the local default unless set. */
  destinationsConfig: string;
}

export function queueTarget(env: NodeJS.ProcessEnv = process.env): QueueTarget {
  const local = !env.DELIVERIES_QUEUE_URL && !env.DELIVERY_DEAD_LETTER_QUEUE_URL && !env.CONSUMER_QUEUE_URL;
  const endpoint =
    env.AWS_ENDPOINT_URL_SQS ?? (local ? `http://127.0.0.1:${env.EMULATOR_PORT ?? 4566}` : undefined);
  const client = new SQSClient({
    ...(endpoint ? { endpoint, useQueueUrlAsEndpoint: false } : {}),
    ...(local
      ? { region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
  });
  const root = resolve(import.meta.dirname, "../..");
  return {
    client,
    async queueUrl(variable, logicalId) {
      const configured = env[variable];
      if (configured) return configured;
      if (!local) throw new Error(`${variable} is not set (take it from the stack outputs)`);
      try {
        const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: `${logicalId}.fifo` }));
        if (QueueUrl) return QueueUrl;
      } catch (error) {
        throw new Error(`no local queue ${logicalId}.fifo at ${endpoint}: is \`npm start\` running?`, {
          cause: error,
        });
      }
      throw new Error(`no local queue ${logicalId}.fifo at ${endpoint}`);
    },
    destinationsConfig:
      env.DESTINATIONS ?? (local ? localDestinations(resolve(root, env.LOCAL_DATA_DIR ?? ".local")) : ""),
  };
}
