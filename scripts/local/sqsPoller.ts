import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { retry } from "../../lib/aws/retry.ts";
import { logger } from "../../lib/log.ts";
import { lambdaContext } from "./lambdaContext.ts";
import type { LocalQueue } from "./queues.ts";
import { recordStage } from "./stageTimings.ts";

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface PollerOptions {
  client: SQSClient;
  queue: LocalQueue;
  functionName: string;
  handler: SqsHandler;
  batchSize: number;
  timeoutSeconds: number;
  /**
   * Seconds before a failed record is visible again. In AWS that is the queue's visibility timeout
   * (minutes); locally it is short so a developer sees retries happen. Undefined: leave the
   * visibility the handler set (the deliver function schedules its own backoff).
   */
  retryDelaySeconds: number | undefined;
  /** Visibility timeout of each receive; the queue's own when not set (as Lambda does). */
  visibilityTimeoutSeconds?: number;
}

/**
 * Feeds a handler from a queue the way Lambda's SQS event source mapping does: long-poll a batch,
 * invoke with an SQSEvent, delete the records that succeeded, leave the `batchItemFailures` (or the
 * whole batch, if the handler throws) to come back — and, after `maxReceiveCount`, to the DLQ.
 */
export function startPoller(options: PollerOptions): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        await pollOnce(options);
      } catch (error) {
        logger.warn("poller error", { functionName: options.functionName, error });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

async function pollOnce(options: PollerOptions): Promise<void> {
  const { client, queue } = options;
  const { Messages = [] } = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: queue.url,
      MaxNumberOfMessages: options.batchSize,
      WaitTimeSeconds: 1,
      ...(options.visibilityTimeoutSeconds ? { VisibilityTimeout: options.visibilityTimeoutSeconds } : {}),
      MessageSystemAttributeNames: ["All"],
      MessageAttributeNames: ["All"],
    }),
  );
  if (Messages.length === 0) return;
  const records = Messages.map((message) => toRecord(message, queue));
  const receivedAt = Date.now();
  for (const record of records)
    recordStage(`queue:${options.functionName}`, receivedAt - Number(record.attributes.SentTimestamp));
  let failedIds: Set<string>;
  try {
    const started = performance.now();
    const response = await options.handler(
      { Records: records },
      lambdaContext(options.functionName, options.timeoutSeconds),
    );
    recordStage(`batch:${options.functionName}`, performance.now() - started);
    failedIds = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
  } catch (error) {
    logger.error("consumer failed the whole batch", { functionName: options.functionName, error });
    failedIds = new Set(records.map((record) => record.messageId));
  }
  const done = Messages.filter((message) => !failedIds.has(message.MessageId ?? ""));
  const failed = Messages.filter((message) => failedIds.has(message.MessageId ?? ""));
  if (done.length > 0) {
    await settle(options, "delete", () =>
      client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.url,
          Entries: done.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      ),
    );
  }
  const retryDelaySeconds = options.retryDelaySeconds;
  if (failed.length > 0 && retryDelaySeconds !== undefined) {
    await settle(options, "retry delay", () =>
      client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queue.url,
          Entries: failed.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: retryDelaySeconds,
          })),
        }),
      ),
    );
  }
}

/**
 * Lambda's event source mapping does not give up on deleting a processed batch because SQS blinked;
 * neither does this: the call is retried with backoff for up to {@link SETTLE_BUDGET_MS}. (Given up,
 * the messages come back after their visibility timeout: repeated, never lost.)
 */
const SETTLE_BUDGET_MS = 20_000;

async function settle(options: PollerOptions, what: string, call: () => Promise<unknown>): Promise<void> {
  const until = Date.now() + SETTLE_BUDGET_MS;
  try {
    await retry(call, { firstMs: 100, maxMs: 2000, retryIf: (_, __, wait) => Date.now() + wait <= until });
  } catch (error) {
    logger.warn(`could not ${what} after processing`, { functionName: options.functionName, error });
  }
}

function toRecord(message: Message, queue: LocalQueue): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? "1",
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? "local",
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
      ...(attributes.MessageDeduplicationId
        ? { MessageDeduplicationId: attributes.MessageDeduplicationId }
        : {}),
      ...(attributes.SequenceNumber ? { SequenceNumber: attributes.SequenceNumber } : {}),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          dataType: value.DataType ?? "String",
          ...(value.StringValue ? { stringValue: value.StringValue } : {}),
          // Lambda hands binary attributes over base64-encoded.
          ...(value.BinaryValue ? { binaryValue: Buffer.from(value.BinaryValue).toString("base64") } : {}),
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: queue.arn,
    awsRegion: "us-east-1",
  };
}
