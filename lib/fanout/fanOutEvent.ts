import type { DeliveryMessage } from "../delivery/deliveryMessage.ts";
import { enqueueDeliveries, type SendsBatches } from "../delivery/deliveryQueue.ts";
import { matchesFilter } from "../destinations/filter.ts";
import type { Destination } from "../destinations/registry.ts";
import { DeliveryError } from "../errors.ts";
import type { CanonicalEvent } from "../event/canonical.ts";
import { logger } from "../log.ts";

export interface FanOutEventOptions {
  destinations: readonly Destination[];
  /** Puts deliveries on the deliveries queue. */
  client: SendsBatches;
  deliveriesQueueUrl: string;
  /**
   * How long to keep trying when SQS does not take the deliveries. Sending again is safe: the
   * deduplication ids make SQS drop what it already has. Without it, a short SQS outage would burn
   * the events queue's receives (5, then its dead-letter queue) one visibility timeout at a time.
   */
  retryForMs?: number;
}

/**
 * Turns one event into one delivery per destination that wants it, on the deliveries queue. Each
 * delivery is then attempted, retried and dead-lettered on its own: a failing destination never
 * makes a healthy one receive the event again.
 */
export async function fanOutEvent(
  event: CanonicalEvent,
  options: FanOutEventOptions,
  resendTag = "",
): Promise<string[]> {
  const queuedAt = new Date().toISOString();
  const messages: DeliveryMessage[] = options.destinations
    .filter((destination) => matchesFilter(destination.filter, event))
    .map((destination) => ({ destination: destination.config.name, queuedAt, event }));
  const names = messages.map((message) => message.destination);
  if (messages.length === 0) {
    logger.info("no destination wants this event", { eventId: event.id, type: event.type });
    return names;
  }
  const until = Date.now() + (options.retryForMs ?? 0);
  for (let wait = 200; ; wait = Math.min(wait * 2, 3000)) {
    try {
      await enqueueDeliveries(options.client, options.deliveriesQueueUrl, messages, resendTag);
      break;
    } catch (error) {
      const transient = !(error instanceof DeliveryError) || error.retryable;
      if (!transient || Date.now() + wait > until) throw error;
      logger.warn("could not queue the deliveries, trying again", {
        eventId: event.id,
        destinations: names,
        error,
      });
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  for (const destination of names) logger.debug("queued for delivery", { eventId: event.id, destination });
  return names;
}
