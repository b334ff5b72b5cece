import type { SQSClient } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import type { FirehoseArchive } from "../archive/firehoseArchive.ts";
import type { Destination } from "../destinations/registry.ts";
import { logger } from "../log.ts";
import { checkOrderState } from "../orderState/checkOrderState.ts";
import type { OrderStateTable } from "../orderState/orderStateTable.ts";
import { processFifoGroups } from "../queue/fifoGroups.ts";
import { fanOutEvent } from "./fanOutEvent.ts";
import { eventOfRecord } from "./parseRecord.ts";

export interface FanoutOptions {
  destinations: readonly Destination[];
  client: SQSClient;
  deliveriesQueueUrl: string;
  archive: FirehoseArchive;
  /** How many orders (message groups) of a batch are fanned out at once. */
  concurrency?: number;
  /** How long fanning out one event keeps trying when SQS does not take its deliveries (20 s). */
  retryForMs?: number;
  /** What the gateway has seen of each order: late and stale events are told apart against it. */
  orderState?: OrderStateTable;
}

/**
 * Processes one batch of events.fifo: archives the raw requests that travel with it, then turns
 * each event into one delivery per destination whose filter it matches, on the deliveries queue.
 * With `orderState`, each status change is first compared with the order's recorded state
 * (lib/orderState/checkOrderState.ts): a stale one is marked, a late live notification of a change
 * reconciliation already delivered is not delivered again, and the state is recorded once the
 * deliveries are queued.
 * Partial failures: a record that could not be fanned out is reported in `batchItemFailures`, and so is
 * every later record of its message group, so no event of an order overtakes an earlier one; other
 * orders go on, fanned out concurrently.
 */
export function createFanout(options: FanoutOptions) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    // Archive first: if it fails the whole batch comes back, so no accepted request goes unarchived.
    // One line per batch, not per event: `npm run trace` finds an event's line by its id in `eventIds`.
    const archived = await options.archive(event.Records);
    if (archived) {
      logger.info("archived", {
        stream: archived.stream,
        recordIds: archived.recordIds.join(" "),
        eventIds: archived.eventIds.join(" "),
      });
    }
    const stopped = await processFifoGroups(event.Records, options.concurrency ?? 10, async (record) => {
      try {
        const event = eventOfRecord(record);
        const checked = options.orderState
          ? await checkOrderState(options.orderState, event)
          : { event, deliver: true, settle: async () => {} };
        if (checked.deliver) {
          await fanOutEvent(checked.event, { ...options, retryForMs: options.retryForMs ?? 20_000 });
        }
        await checked.settle();
        return undefined;
      } catch (error) {
        logger.error("could not fan out the event; it will be retried", {
          messageId: record.messageId,
          error,
        });
        return error;
      }
    });
    return {
      batchItemFailures: stopped.flatMap(({ records }) =>
        records.map((record) => ({ itemIdentifier: record.messageId })),
      ),
    };
  };
}
