import type { SendMessageBatchRequestEntry, SendMessageBatchResult } from "@aws-sdk/client-sqs";
import { type Sqs, sendMessageBatches } from "../aws/sqs.ts";
import { awsDeliveryError } from "../destinations/awsErrors.ts";
import { DeliveryError } from "../errors.ts";
import { asciiJson } from "../queue/asciiJson.ts";
import { type DeliveryMessage, deliveryDeduplicationId, deliveryGroupId } from "./deliveryMessage.ts";

/** What sends the batches: the functions' lib/aws/sqs.ts, or an operator command's SDK client (lib/aws/sqsClient.ts). */
export type SendsBatches = Pick<Sqs, "sendMessageBatch">;

/**
 * Puts deliveries on the deliveries FIFO queue, in the order given (SendMessageBatch keeps entry
 * order within a group). Throws a DeliveryError when any entry was not accepted, so the caller's
 * record is retried; the entries that did go through are deduplicated by SQS on that retry.
 * `resendTag` makes the deduplication ids new, for intentional re-sends (redrive, replay).
 */
export async function enqueueDeliveries(
  client: SendsBatches,
  queueUrl: string,
  messages: readonly DeliveryMessage[],
  resendTag = "",
): Promise<void> {
  const entries = messages.map((message) => ({
    MessageBody: asciiJson(message),
    MessageGroupId: deliveryGroupId(message.destination, message.event),
    MessageDeduplicationId: deliveryDeduplicationId(message.destination, message.event.id, resendTag),
  }));
  for (const batch of sendMessageBatches(entries, (entry) => entry.MessageBody)) {
    await sendBatch(
      client,
      queueUrl,
      batch.map((entry, index) => ({ Id: String(index), ...entry })),
    );
  }
}

/** Throws a DeliveryError whose `retryable` says whether sending again can succeed. */
async function sendBatch(client: SendsBatches, queueUrl: string, entries: SendMessageBatchRequestEntry[]) {
  let result: SendMessageBatchResult;
  try {
    result = await client.sendMessageBatch({ QueueUrl: queueUrl, Entries: entries });
  } catch (error) {
    throw awsDeliveryError(error, "SQS SendMessageBatch");
  }
  const failed = result.Failed ?? [];
  if (failed.length > 0) {
    const reasons = failed.map((entry) => `${entry.Code}${entry.Message ? `: ${entry.Message}` : ""}`);
    throw new DeliveryError(
      `${failed.length} of ${entries.length} deliveries were not queued (${reasons.join("; ")})`,
      {
        retryable: failed.some((entry) => !entry.SenderFault),
      },
    );
  }
}
