import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { FirehoseArchive } from "../archive/firehoseArchive.ts";
import type { SendsBatches } from "../delivery/deliveryQueue.ts";
import type { SpillSwitch } from "../delivery/spillHold.ts";
import { matchesFilter } from "../destinations/filter.ts";
import type { Destination } from "../destinations/registry.ts";
import type { CanonicalEvent } from "../event/canonical.ts";
import { logger } from "../log.ts";
import { checkOrderState } from "../orderState/checkOrderState.ts";
import type { OrderStateTable } from "../orderState/orderStateTable.ts";
import { processFifoGroups, withLaterOfTheirGroups } from "../queue/fifoGroups.ts";
import { type DirectItem, deliverDirect } from "./deliverDirect.ts";
import { fanOutEvent } from "./fanOutEvent.ts";
import { eventOfRecord } from "./parseRecord.ts";

export interface FanoutOptions {
  destinations: readonly Destination[];
  /** Puts deliveries on the deliveries queue. */
  client: SendsBatches;
  deliveriesQueueUrl: string;
  archive: FirehoseArchive;
  /** How many orders (message groups) of a batch are fanned out at once. */
  concurrency?: number;
  /** How long fanning out one event keeps trying when SQS does not take its deliveries (20 s). */
  retryForMs?: number;
  /** What the gateway has seen of each order: late and stale events are told apart against it. */
  orderState?: OrderStateTable;
  /** The providers whose events are compared with `orderState` (default: every provider). */
  orderStateProviders?: readonly string[];
  /**
   * Where direct destinations (SQS queues; `Destination.direct`) are switched to the deliveries
   * queue after a failed send. Without it every destination goes through the deliveries queue.
   */
  spill?: SpillSwitch;
  /** How long a destination spills after a failed direct send (lib/delivery/spillSwitch.ts). */
  spillHoldMs?: number;
}

/**
 * Processes one batch of events.fifo: archives the raw requests that travel with it, then turns
 * each event into one delivery per destination whose filter it matches: on the deliveries queue, or,
 * for a direct destination (an SQS queue), sent by the fan-out itself in one batch
 * (lib/fanout/deliverDirect.ts), falling back to the deliveries queue while it refuses.
 * With `orderState`, each status change is first compared with the order's recorded state
 * (lib/orderState/checkOrderState.ts): a stale one is marked, a late live notification of a change
 * reconciliation already delivered is not delivered again; a live change is recorded at once, in
 * one conditional write that a rerun of the same event passes again, other decisions once every
 * destination has the event.
 * Partial failures: a record that could not be fanned out is reported in `batchItemFailures`, and so is
 * every later record of its message group, so no event of an order overtakes an earlier one; other
 * orders go on, fanned out concurrently.
 */
export function createFanout(options: FanoutOptions) {
  const direct = options.spill ? options.destinations.filter((destination) => destination.direct) : [];
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
    // A direct destination that is spilling is sent to through the deliveries queue, like the others.
    const spilling = options.spill
      ? await options.spill.spilling(direct.map((d) => d.config.name))
      : new Set();
    const sendsDirect = (destination: Destination) =>
      direct.includes(destination) && !spilling.has(destination.config.name);
    const queued = options.destinations.filter((destination) => !sendsDirect(destination));
    const done: { record: SQSRecord; event?: CanonicalEvent; settle(): Promise<void> }[] = [];
    const stopped = await processFifoGroups(event.Records, options.concurrency ?? 10, async (record) => {
      try {
        const event = eventOfRecord(record);
        const table =
          options.orderStateProviders?.includes(event.data.provider) === false
            ? undefined
            : options.orderState;
        const checked = table
          ? await checkOrderState(table, event)
          : { event, deliver: true, settle: async () => {} };
        const wanted = options.destinations.filter((d) => matchesFilter(d.filter, checked.event));
        if (checked.deliver && wanted.length === 0) {
          logger.info("no destination wants this event", { eventId: event.id, type: event.type });
        } else if (checked.deliver && wanted.some((d) => queued.includes(d))) {
          await fanOutEvent(checked.event, {
            ...options,
            destinations: queued,
            retryForMs: options.retryForMs ?? 20_000,
          });
        }
        done.push({ record, settle: checked.settle, ...(checked.deliver ? { event: checked.event } : {}) });
        return undefined;
      } catch (error) {
        logger.error("could not fan out the event; it will be retried", {
          messageId: record.messageId,
          error,
        });
        return error;
      }
    });
    done.sort((a, b) => event.Records.indexOf(a.record) - event.Records.indexOf(b.record));
    const failed = new Set<SQSRecord>(stopped.flatMap(({ records }) => records));
    const toDeliver: DirectItem[] = done.flatMap(({ record, event }) => (event ? [{ record, event }] : []));
    if (options.spill) {
      const spill = options.spill;
      const refused = await Promise.all(
        direct
          .filter(sendsDirect)
          .map((destination) => deliverDirect(destination, toDeliver, { ...options, spill })),
      );
      for (const record of refused.flat()) failed.add(record);
    }
    // The order state is recorded once every destination has the event (or its delivery is queued).
    for (const { record, settle } of done) {
      if (failed.has(record)) continue;
      try {
        await settle();
      } catch (error) {
        logger.error("could not record the order's state; the event will be retried", {
          messageId: record.messageId,
          error,
        });
        failed.add(record);
      }
    }
    return {
      batchItemFailures: withLaterOfTheirGroups(event.Records, failed).map((record) => ({
        itemIdentifier: record.messageId,
      })),
    };
  };
}
