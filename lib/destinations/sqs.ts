import type { SendMessageRequest } from "@aws-sdk/client-sqs";
import { type Sqs, sendMessageBatches, sqs } from "../aws/sqs.ts";
import { DeliveryError } from "../errors.ts";
import type { CanonicalEvent } from "../event/canonical.ts";
import { asciiJson } from "../queue/asciiJson.ts";
import { messageGroupId, sqsSafe } from "../queue/messageGroup.ts";
import { awsDeliveryError } from "./awsErrors.ts";
import { rejectUnknownKeys, stringAt } from "./configValues.ts";
import type { BatchFailure, DestinationDriver } from "./driver.ts";
import { resourceAt } from "./resourceRef.ts";

export interface SqsDestinationConfig {
  name: string;
  type: "sqs";
  queueUrl: string;
  /** FIFO queues (URL ends in `.fifo`) keep one message group per order, so consumers see each order in sequence. */
  fifo: boolean;
}

/** The canonical event as the message body, with its type as a message attribute for subscription filters. */
export function sqsMessage(event: CanonicalEvent, config: SqsDestinationConfig): SendMessageRequest {
  return {
    QueueUrl: config.queueUrl,
    // Non-ASCII as \u escapes: the same JSON value, in characters every SQS endpoint accepts.
    MessageBody: asciiJson(event),
    MessageAttributes: {
      type: { DataType: "String", StringValue: event.type },
      provider: { DataType: "String", StringValue: event.data.provider },
    },
    // FIFO: the event id is the deduplication id, so a repeat within SQS's 5-minute window is dropped.
    ...(config.fifo
      ? { MessageGroupId: messageGroupId(event), MessageDeduplicationId: sqsSafe(event.id) }
      : {}),
  };
}

/**
 * Sends each event to an SQS queue, FIFO or standard (the default consumer queue is one of these), with
 * `client`: SQS for queues anywhere (lib/aws/sqs.ts, `destination`).
 */
export function createSqsDriver(
  client: Pick<Sqs, "sendMessage" | "sendMessageBatch">,
): DestinationDriver<SqsDestinationConfig, SendMessageRequest> {
  return {
    type: "sqs",
    parseConfig(raw, where, env) {
      rejectUnknownKeys(raw, ["name", "type", "queueUrl", "queueUrlEnv"], where);
      const queueUrl = resourceAt(raw, "queueUrl", where, env);
      return { name: stringAt(raw, "name", where), type: "sqs", queueUrl, fifo: queueUrl.endsWith(".fifo") };
    },
    format: sqsMessage,
    async deliver(input) {
      try {
        await client.sendMessage(input);
      } catch (error) {
        throw awsDeliveryError(error, "SQS SendMessage");
      }
    },
    async deliverBatch(inputs, config) {
      const failures: BatchFailure[] = [];
      const indexed = inputs.map((input, index) => ({ input, index }));
      for (const chunk of sendMessageBatches(indexed, ({ input }) => input.MessageBody)) {
        try {
          const result = await client.sendMessageBatch({
            QueueUrl: config.queueUrl,
            Entries: chunk.map(({ input, index }) => ({
              Id: String(index),
              MessageBody: input.MessageBody,
              MessageAttributes: input.MessageAttributes,
              MessageGroupId: input.MessageGroupId,
              MessageDeduplicationId: input.MessageDeduplicationId,
            })),
          });
          for (const entry of result.Failed ?? []) {
            const reason = `SQS SendMessageBatch entry failed: ${entry.Code}${entry.Message ? ` (${entry.Message})` : ""}`;
            failures.push({
              index: Number(entry.Id),
              error: new DeliveryError(reason, { retryable: !entry.SenderFault }),
            });
          }
        } catch (error) {
          const failure = awsDeliveryError(error, "SQS SendMessageBatch");
          failures.push(...chunk.map(({ index }) => ({ index, error: failure })));
        }
      }
      return failures;
    },
  };
}

/** The driver the destinations config registers: SQS queues anywhere, each at its queue URL's host in AWS. */
export const sqsDriver = createSqsDriver(sqs("destination"));
