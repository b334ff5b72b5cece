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
  /**
   * Seconds a received batch stays hidden once its invocation has stopped without settling it (the
   * process was killed): the visibility timeout of each receive, renewed while the handler runs.
   * Unset: the queue's own visibility timeout, as Lambda does.
   */
  holdSeconds?: number;
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
      ...(options.holdSeconds ? { VisibilityTimeout: options.holdSeconds } : {}),
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
  const held = options.holdSeconds ? keepHidden(options, Messages, options.holdSeconds) : undefined;
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
  } finally {
    await held?.stop();
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
    await settle(options, "retry delay", () => hideFor(options, failed, retryDelaySeconds));
  }
}

/** Sets the messages' visibility timeout: they come back (or stay hidden) `seconds` from now. */
function hideFor(options: PollerOptions, messages: readonly Message[], seconds: number) {
  return options.client.send(
    new ChangeMessageVisibilityBatchCommand({
      QueueUrl: options.queue.url,
      Entries: messages.map((message, index) => ({
        Id: String(index),
        ReceiptHandle: message.ReceiptHandle,
        VisibilityTimeout: seconds,
      })),
    }),
  );
}

/**
 * Keeps a batch hidden while its handler runs: its visibility is renewed to `holdSeconds` every third
 * of that. In AWS a batch cannot come back while its invocation runs, because a function's timeout
 * must be at most its queue's visibility timeout and Lambda ends the invocation at that timeout
 * ("Your function's timeout must be less than or equal to the queue's visibility timeout",
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html). Locally nothing ends a
 * handler at its timeout: without renewing, a batch whose handler outlasts the hold (a loaded
 * machine) is handed out again by the next receive on its queue (fauxqs releases expired holds when
 * the queue is read). Renewing keeps the hold short for a crash (the batch is back `holdSeconds`
 * after the kill) without letting a slow invocation's batch be received again. (A renewal that reaches
 * the queue just after a handler that manages visibility set a record's retry delay replaces that
 * delay with the hold: the record is retried up to `holdSeconds` sooner or later, never lost or
 * repeated.)
 */
function keepHidden(options: PollerOptions, messages: Message[], holdSeconds: number) {
  const renew = async () => {
    try {
      await hideFor(options, messages, holdSeconds);
    } catch (error) {
      // A renewal missed leaves the batch hidden until its last hold ends: repeated, never lost.
      logger.warn("could not keep a batch hidden", { functionName: options.functionName, error });
    }
  };
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = renewing.then(renew);
    },
    (holdSeconds * 1000) / 3,
  );
  return {
    /** Stops renewing, once any renewal under way has ended (the settling calls come after it). */
    async stop() {
      clearInterval(timer);
      await renewing;
    },
  };
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
