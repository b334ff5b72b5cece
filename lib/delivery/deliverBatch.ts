import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { retry } from "../aws/retry.ts";
import type { Sqs } from "../aws/sqs.ts";
import type { Destination } from "../destinations/registry.ts";
import { eventLogKeys } from "../event/logKeys.ts";
import { logger } from "../log.ts";
import { processFifoGroups } from "../queue/fifoGroups.ts";
import { attemptDelivery } from "./attempt.ts";
import { deadLetter } from "./deadLetterQueue.ts";
import { type DeliveryMessage, parseDeliveryMessage } from "./deliveryMessage.ts";
import { recordDelivery } from "./metrics.ts";
import { SPILL_HOLD_MS, type SpillSwitch } from "./spillHold.ts";

export interface DelivererOptions {
  destinations: readonly Destination[];
  /** For the deliveries queue (retry delays) and the dead-letter queue. */
  client: Pick<Sqs, "changeMessageVisibility" | "sendMessage">;
  /** The deliveries queue the batch comes from: retries are scheduled by changing visibility on it. */
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** How many deliveries of a batch may be in flight at once. */
  concurrency: number;
  /**
   * The switch a direct destination's deliveries keep on while they come through this queue (they
   * spilled: lib/fanout/deliverDirect.ts), so the fan-out sends it nothing directly until they are
   * done and {@link SPILL_HOLD_MS} more has passed.
   */
  spill?: SpillSwitch;
  spillHoldMs?: number;
}

/** When the dead-letter queue itself cannot be written, the delivery is tried again after this. */
const DEAD_LETTER_RETRY_SECONDS = 60;
/**
 * A delivery is only started while the invocation has this much time left beyond the destination's
 * own timeout (10 s unless it sets `timeoutMs`); later ones come back at once for the next
 * invocation, rather than being cut off by a Lambda timeout that would return the whole batch.
 */
const TIME_MARGIN_MS = 5_000;
const DEFAULT_DESTINATION_TIMEOUT_MS = 10_000;
/** Tries at scheduling a retry delay (250 ms apart, doubling: about 4 s in all). */
const HOLD_ATTEMPTS = 5;

/**
 * Processes one batch from the deliveries FIFO queue. Message groups (destination + order) run
 * concurrently up to `concurrency`; within a group, records run in order and the first one that must
 * wait holds back the rest of its group: it stays on the queue, invisible for its retry delay (the
 * FIFO queue returns nothing more of that group while it is in flight), and the records after it are
 * reported as failures with the same delay. A delivery that is given up on goes to the dead-letter
 * queue and the group moves on.
 */
export function createDeliverer(options: DelivererOptions) {
  const byName = new Map(options.destinations.map((destination) => [destination.config.name, destination]));
  const direct = new Set(options.destinations.filter((d) => d.direct).map((d) => d.config.name));
  return async (
    event: SQSEvent,
    context?: Pick<Context, "getRemainingTimeInMillis">,
  ): Promise<SQSBatchResponse> => {
    const destinationNames = new Map(event.Records.map((record) => [record, destinationOf(record)]));
    const stopped = await processFifoGroups(event.Records, options.concurrency, (record) => {
      const destination = byName.get(destinationNames.get(record) ?? "");
      const needs =
        (destination?.config as { timeoutMs?: number } | undefined)?.timeoutMs ??
        DEFAULT_DESTINATION_TIMEOUT_MS;
      if (context && context.getRemainingTimeInMillis() < needs + TIME_MARGIN_MS) {
        logger.info("out of time for this batch, the delivery goes to the next one", {
          messageId: record.messageId,
        });
        return Promise.resolve(1);
      }
      return deliverRecord(record, options, byName);
    });
    const held = stopped.flatMap(({ reason: seconds, records }) =>
      records.map((record) => ({ record, seconds })),
    );
    await Promise.all(held.map(({ record, seconds }) => hold(options, record, seconds)));
    if (options.spill && direct.size > 0) {
      const heldSeconds = new Map(held.map(({ record, seconds }) => [record, seconds]));
      const spilled = event.Records.flatMap((record) => {
        const name = destinationNames.get(record) ?? "";
        return direct.has(name) ? [{ name, seconds: heldSeconds.get(record) ?? 0 }] : [];
      });
      await keepSpilling(options.spill, options.spillHoldMs ?? SPILL_HOLD_MS, spilled);
    }
    return { batchItemFailures: held.map(({ record }) => ({ itemIdentifier: record.messageId })) };
  };
}

/** Delivers one record; returns the seconds it must wait before the next attempt, or undefined when it is done with. */
async function deliverRecord(
  record: SQSRecord,
  options: DelivererOptions,
  byName: ReadonlyMap<string, Destination>,
): Promise<number | undefined> {
  let message: DeliveryMessage;
  try {
    message = parseDeliveryMessage(record.body);
  } catch (error) {
    // Only our own fan-out writes this queue; an unreadable message stays for the queue's redrive policy.
    logger.error("unreadable delivery message", { messageId: record.messageId, error });
    return DEAD_LETTER_RETRY_SECONDS;
  }
  const keys = { ...eventLogKeys(message.event), destination: message.destination };
  const attempts = Number(record.attributes.ApproximateReceiveCount) || 1;
  const started = performance.now();
  const result = await attemptDelivery(message, byName.get(message.destination), attempts, Date.now());
  const ms = Math.round(performance.now() - started);
  if (result.kind === "delivered") {
    logger.info("delivered", { ...keys, attempts, ms });
    recordDelivery(message.destination, "delivered", ms);
    return undefined;
  }
  if (result.kind === "retry") {
    logger.warn("delivery failed, will retry", {
      ...keys,
      attempts,
      ms,
      reason: result.reason,
      retryInSeconds: result.delaySeconds,
    });
    recordDelivery(message.destination, "retried", ms);
    return result.delaySeconds;
  }
  try {
    await deadLetter(
      options.client,
      options.deadLetterQueueUrl,
      message,
      {
        messageId: record.messageId,
        attempts,
        lastError: result.reason,
        retryable: result.retryable,
      },
      new Date(),
    );
  } catch (error) {
    logger.error("could not dead-letter, will retry", { ...keys, attempts, reason: result.reason, error });
    return DEAD_LETTER_RETRY_SECONDS;
  }
  logger.error("dead-lettered", { ...keys, attempts, ms, reason: result.reason });
  recordDelivery(message.destination, "deadLettered", ms);
  return undefined;
}

/**
 * Keeps a record invisible for `seconds`, trying for a while if SQS does not answer; given up, the
 * record comes back after the queue's visibility timeout (later than planned, never lost).
 */
async function hold(options: DelivererOptions, record: SQSRecord, seconds: number): Promise<void> {
  const input = {
    QueueUrl: options.queueUrl,
    ReceiptHandle: record.receiptHandle,
    VisibilityTimeout: seconds,
  };
  try {
    await retry(() => options.client.changeMessageVisibility(input), {
      firstMs: 250,
      retryIf: (_, attempt) => attempt < HOLD_ATTEMPTS,
    });
  } catch (error) {
    logger.warn("could not set the retry delay", { messageId: record.messageId, error });
  }
}

/**
 * Keeps each direct destination of the batch spilling until its held deliveries are due and
 * {@link SPILL_HOLD_MS} more: one conditional write per destination and batch, only while spilling.
 */
async function keepSpilling(
  spill: SpillSwitch,
  holdMs: number,
  deliveries: readonly { name: string; seconds: number }[],
): Promise<void> {
  const until = new Map<string, number>();
  const now = Date.now();
  for (const { name, seconds } of deliveries) {
    until.set(name, Math.max(until.get(name) ?? 0, now + seconds * 1000 + holdMs));
  }
  await Promise.all(
    [...until].map(async ([name, untilMs]) => {
      try {
        await spill.holdUntil(name, untilMs);
      } catch (error) {
        logger.error("could not keep a direct destination on the deliveries queue", {
          destination: name,
          error,
        });
      }
    }),
  );
}

/** The destination a record is for, without failing on an unreadable one (that is deliverRecord's to report). */
function destinationOf(record: SQSRecord): string {
  try {
    return parseDeliveryMessage(record.body).destination;
  } catch {
    return "";
  }
}
