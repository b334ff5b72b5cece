import type { SQSRecord } from "aws-lambda";
import { retryRejected } from "../aws/retry.ts";
import type { DeliveryMessage } from "../delivery/deliveryMessage.ts";
import { enqueueDeliveries, type SendsBatches } from "../delivery/deliveryQueue.ts";
import { recordDelivery } from "../delivery/metrics.ts";
import { SPILL_HOLD_MS, type SpillSwitch } from "../delivery/spillHold.ts";
import { matchesFilter } from "../destinations/filter.ts";
import type { Destination } from "../destinations/registry.ts";
import type { DeliveryError } from "../errors.ts";
import type { CanonicalEvent } from "../event/canonical.ts";
import { logger } from "../log.ts";
import { groupOf } from "../queue/fifoGroups.ts";

/** An event of the batch that is to be delivered, with the record it came in. */
export interface DirectItem {
  record: SQSRecord;
  event: CanonicalEvent;
}

export interface DirectOptions {
  /** Puts deliveries on the deliveries queue. */
  client: SendsBatches;
  deliveriesQueueUrl: string;
  spill: SpillSwitch;
  /** How long a destination keeps spilling after a failed direct send ({@link SPILL_HOLD_MS}). */
  spillHoldMs?: number;
}

/** A refused entry is tried three times, 100 and 200 ms apart, before it spills. */
const SEND_RETRY = { attempts: 3, firstMs: 100 };

/**
 * Sends a fan-out batch's events to one direct destination (an SQS queue) without the deliveries
 * queue: one SendMessageBatch per round, a round holding at most one event of each order, so that
 * an order's events are sent one after the other and a failed one is never overtaken by a later one
 * sent beside it. What the destination still refuses after a few quick tries, and every later event
 * of the same order, "spills": the destination is switched to the deliveries queue for a while
 * ({@link SpillSwitch}) and those deliveries are queued there, in order, to be retried and
 * dead-lettered like any other; healthy destinations are never sent an event again because of it.
 * Returns the records that could be neither sent nor queued: the caller has them retried.
 */
export async function deliverDirect(
  destination: Destination,
  items: readonly DirectItem[],
  options: DirectOptions,
): Promise<SQSRecord[]> {
  const name = destination.config.name;
  const wanted = items.filter(({ event }) => matchesFilter(destination.filter, event));
  if (wanted.length === 0) return [];
  const started = performance.now();
  const spilledGroups = new Set<string>();
  const spilled: DirectItem[] = [];
  const sent: DirectItem[] = [];
  let reason = "";
  for (const round of rounds(wanted)) {
    const sendable = round.filter((item) => !spilledGroups.has(groupOf(item.record)));
    const refused = await sendWithRetries(destination, sendable);
    for (const [index, item] of sendable.entries()) {
      const failure = refused.get(index);
      if (!failure) {
        sent.push(item);
        continue;
      }
      reason ||= failure.message;
      spilledGroups.add(groupOf(item.record));
    }
    spilled.push(...round.filter((item) => spilledGroups.has(groupOf(item.record))));
  }
  const ms = Math.round(performance.now() - started);
  if (sent.length > 0) {
    // One line per destination and batch, not per event: `npm run trace` finds an event in `eventIds`.
    logger.info("delivered", { destination: name, direct: true, eventIds: idsOf(sent), ms });
    recordDelivery(name, "delivered", ms, sent.length);
  }
  if (spilled.length === 0) return [];
  const inOrder = spilled.sort((a, b) => items.indexOf(a) - items.indexOf(b));
  logger.warn("direct delivery failed: queued for retry through the deliveries queue", {
    destination: name,
    eventIds: idsOf(inOrder),
    reason,
  });
  try {
    // First the switch, then the deliveries: a fan-out that sees the switch off has nothing queued to overtake.
    await options.spill.holdUntil(name, Date.now() + (options.spillHoldMs ?? SPILL_HOLD_MS));
    const queuedAt = new Date().toISOString();
    const messages: DeliveryMessage[] = inOrder.map(({ event }) => ({ destination: name, queuedAt, event }));
    await enqueueDeliveries(options.client, options.deliveriesQueueUrl, messages);
    return [];
  } catch (error) {
    logger.error("could not queue the deliveries a direct destination refused; the events will be retried", {
      destination: name,
      eventIds: idsOf(inOrder),
      error,
    });
    return inOrder.map(({ record }) => record);
  }
}

/** Sends, then sends again (twice at most) what was refused with a retryable error; what is still refused, by index. */
async function sendWithRetries(
  destination: Destination,
  items: readonly DirectItem[],
): Promise<Map<number, DeliveryError>> {
  const { driver, config } = destination;
  const deliverBatch = driver.deliverBatch;
  if (!deliverBatch || items.length === 0) return new Map();
  return retryRejected(
    items,
    async (sending) => {
      const failures = await deliverBatch(
        sending.map(({ event }) => driver.format(event, config)),
        config,
      );
      return new Map(failures.map(({ index, error }) => [index, error]));
    },
    SEND_RETRY,
  );
}

/** Round k holds the k-th event of each order, in the batch's order. */
function rounds(items: readonly DirectItem[]): DirectItem[][] {
  const seen = new Map<string, number>();
  const result: DirectItem[][] = [];
  for (const item of items) {
    const group = groupOf(item.record);
    const round = seen.get(group) ?? 0;
    seen.set(group, round + 1);
    const list = result[round] ?? [];
    list.push(item);
    result[round] = list;
  }
  return result;
}

function idsOf(items: readonly DirectItem[]): string {
  return items.map(({ event }) => event.id).join(" ");
}
