import { randomUUID } from "node:crypto";
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { sdkSendMessageBatch } from "../aws/sqsClient.ts";
import { type DeadLetteredDelivery, parseDeliveryMessage } from "./deliveryMessage.ts";
import { enqueueDeliveries } from "./deliveryQueue.ts";

export interface RedriveOptions {
  client: SQSClient;
  deadLetterQueueUrl: string;
  deliveriesQueueUrl: string;
  /** Only deliveries to this destination. */
  destination?: string | undefined;
  /** Only deliveries dead-lettered at or after this time. */
  since?: Date | undefined;
  /** List what would move; move nothing. */
  dryRun: boolean;
  /**
   * How long the messages the run looks at but leaves stay hidden (from other readers, and from
   * this run, which stops when it sees nothing new). They reappear by themselves: the run changes
   * no visibility, so a crash cannot strand one. A dry run hides nothing: it receives with a
   * visibility timeout of 0, so the redrive that follows it sees every dead letter at once.
   */
  holdSeconds: number;
}

export interface RedriveResult {
  /** Moved back (or, in a dry run, would be). */
  selected: DeadLetteredDelivery[];
  /** Messages on the dead-letter queue when the run started. */
  total: number;
}

/**
 * Sends dead-lettered deliveries back to the deliveries queue, with a fresh retry budget, and removes
 * them from the dead-letter queue (sent first, deleted after: a crash in between repeats a delivery,
 * it never loses one). The dead-letter queue is FIFO with one group per destination + order, so a
 * delivery only becomes visible once the one before it in its order is moved: deliveries go back in
 * their original order, and one that is not selected (`--since`) holds back the later ones of its
 * order. A dry run therefore lists the first selected delivery of each order only.
 */
export async function redrive(options: RedriveOptions): Promise<RedriveResult> {
  const { client, deadLetterQueueUrl } = options;
  const total = await countMessages(client, deadLetterQueueUrl);
  const selected: DeadLetteredDelivery[] = [];
  const seen = new Set<string>();
  const tag = `redrive-${randomUUID()}`;
  for (;;) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: options.dryRun ? 0 : options.holdSeconds,
      }),
    );
    const fresh = Messages.filter((message) => !seen.has(message.MessageId ?? ""));
    if (fresh.length === 0) break;
    for (const message of fresh) {
      const delivery = readDeadLetter(message);
      if (!delivery || !isSelected(delivery, options) || options.dryRun) {
        if (delivery && isSelected(delivery, options)) selected.push(delivery);
        seen.add(message.MessageId ?? "");
        continue;
      }
      await enqueueDeliveries(
        sdkSendMessageBatch(client),
        options.deliveriesQueueUrl,
        [{ destination: delivery.destination, queuedAt: new Date().toISOString(), event: delivery.event }],
        tag,
      );
      await client.send(
        new DeleteMessageCommand({ QueueUrl: deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
      selected.push(delivery);
    }
  }
  return { selected, total };
}

function isSelected(delivery: DeadLetteredDelivery, options: RedriveOptions): boolean {
  if (options.destination && delivery.destination !== options.destination) return false;
  if (options.since && Date.parse(delivery.deadLetter.at) < options.since.getTime()) return false;
  return true;
}

/**
 * A dead-lettered delivery; one moved by the queue's redrive policy (not written by the deliver
 * function) has no `deadLetter` record, and is given one so it can be selected and redriven.
 */
function readDeadLetter(message: Message): DeadLetteredDelivery | undefined {
  try {
    const delivery = parseDeliveryMessage(message.Body ?? "");
    return "deadLetter" in delivery
      ? delivery
      : {
          ...delivery,
          deadLetter: {
            attempts: 0,
            lastError: "moved by the queue's redrive policy",
            retryable: true,
            at: delivery.queuedAt,
          },
        };
  } catch {
    return undefined;
  }
}

async function countMessages(client: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}
