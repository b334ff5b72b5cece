import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { logicalIdOf } from "./logicalId.ts";
import { localName } from "./names.ts";
import type { QueueSpec } from "./template.ts";

export interface LocalQueue {
  name: string;
  url: string;
  arn: string;
}

/** Attributes copied from the template; the rest (encryption, names with stage) only matter in AWS. */
const COPIED = [
  "FifoQueue",
  "ContentBasedDeduplication",
  "VisibilityTimeout",
  "MessageRetentionPeriod",
  "DelaySeconds",
];

/**
 * Creates the template's queues on the emulator (idempotent: an existing queue is reused, so a
 * restart keeps its messages), dead-letter queues first so redrive policies can point at them.
 * Local names are the logical ids after `prefix` (scripts/local/names.ts: `EventsQueue.fifo`).
 */
export async function createQueues(
  client: SQSClient,
  specs: readonly QueueSpec[],
  prefix: string,
): Promise<Map<string, LocalQueue>> {
  const queues = new Map<string, LocalQueue>();
  const ordered = [...specs].sort(
    (a, b) => Number("RedrivePolicy" in a.properties) - Number("RedrivePolicy" in b.properties),
  );
  for (const spec of ordered) {
    const attributes: Record<string, string> = {};
    for (const key of COPIED) {
      if (spec.properties[key] !== undefined) attributes[key] = String(spec.properties[key]);
    }
    const redrive = spec.properties.RedrivePolicy as Record<string, unknown> | undefined;
    if (redrive) {
      const target = queues.get(logicalIdOf(redrive.deadLetterTargetArn));
      if (!target) throw new Error(`serverless.yml: ${spec.logicalId} redrives to an unknown queue`);
      attributes.RedrivePolicy = JSON.stringify({
        deadLetterTargetArn: target.arn,
        maxReceiveCount: redrive.maxReceiveCount,
      });
    }
    const name = localName(spec.logicalId, spec.fifo ? "fifoQueue" : "queue", prefix);
    const { QueueUrl: url } = await client.send(
      new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
    );
    if (!url) throw new Error(`emulator did not return a URL for ${name}`);
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }),
    );
    queues.set(spec.logicalId, { name, url, arn: Attributes?.QueueArn ?? "" });
  }
  return queues;
}
