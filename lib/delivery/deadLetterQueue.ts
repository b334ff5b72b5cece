import type { Sqs } from "../aws/sqs.ts";
import { asciiJson } from "../queue/asciiJson.ts";
import { sqsSafe } from "../queue/messageGroup.ts";
import { type DeadLetteredDelivery, type DeliveryMessage, deliveryGroupId } from "./deliveryMessage.ts";

/**
 * Moves a delivery to the dead-letter FIFO queue with why it was given up on. It keeps the delivery's
 * group, so a redrive puts the deliveries of one order back in their original order. The SQS message
 * id of the attempt is the deduplication id: dead-lettering the same message twice stores it once.
 */
export async function deadLetter(
  client: Pick<Sqs, "sendMessage">,
  queueUrl: string,
  message: DeliveryMessage,
  failure: { messageId: string; attempts: number; lastError: string; retryable: boolean },
  now: Date,
): Promise<void> {
  const body: DeadLetteredDelivery = {
    destination: message.destination,
    queuedAt: message.queuedAt,
    event: message.event,
    deadLetter: {
      attempts: failure.attempts,
      lastError: failure.lastError,
      retryable: failure.retryable,
      at: now.toISOString(),
    },
  };
  await client.sendMessage({
    QueueUrl: queueUrl,
    MessageBody: asciiJson(body),
    MessageGroupId: deliveryGroupId(message.destination, message.event),
    MessageDeduplicationId: sqsSafe(`dead|${failure.messageId}`),
    MessageAttributes: { destination: { DataType: "String", StringValue: message.destination } },
  });
}
