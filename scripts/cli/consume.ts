/**
 * `npm run consume [-- --follow] [--keep]`: prints the canonical events waiting on the consumer
 * queue, one JSON line each, and deletes them (as your consumer would) unless `--keep`. Locally it
 * reads the running `npm start`'s queue; in AWS set CONSUMER_QUEUE_URL from the stack outputs.
 */

import { parseArgs } from "node:util";
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { createSqsClient } from "../../lib/aws/sqsClient.ts";
import { runCommand } from "./command.ts";
import { resolveTarget } from "./target.ts";

await runCommand("consume", async (args) => {
  const { values } = parseArgs({
    args,
    options: { follow: { type: "boolean", default: false }, keep: { type: "boolean", default: false } },
  });
  const target = resolveTarget();
  const client = createSqsClient("ownQueues");
  try {
    await consume(client, await target.queueUrl(client, "CONSUMER_QUEUE_URL", "ConsumerQueue"), values);
  } finally {
    client.destroy();
  }
  return 0;
});

async function consume(client: SQSClient, queueUrl: string, values: { follow: boolean; keep: boolean }) {
  for (;;) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: values.follow ? 20 : 1,
      }),
    );
    if (Messages.length === 0 && !values.follow) break;
    for (const message of Messages) {
      console.log(message.Body);
      if (!values.keep) {
        await client.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
      }
    }
    // Without deleting, a FIFO queue hands out nothing more of those orders until they are visible again.
    if (values.keep && !values.follow) break;
  }
}
