import type { SQSClient } from "@aws-sdk/client-sqs";
import { matchesFilter } from "../destinations/filter.ts";
import type { Destination } from "../destinations/registry.ts";
import type { CanonicalEvent } from "../event/canonical.ts";
import { logger } from "../log.ts";
import type { DeliveryMessage } from "./deliveryMessage.ts";
import { enqueueDeliveries } from "./deliveryQueue.ts";

/**
 * Turns one event into one delivery per destination that wants it, on the deliveries queue. Each
 * delivery is then attempted, retried and dead-lettered on its own: a failing destination never
 * makes a healthy one receive the event again.
 */
export async function routeEvent(
  event: CanonicalEvent,
  options: { destinations: readonly Destination[]; client: SQSClient; deliveriesQueueUrl: string },
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
  await enqueueDeliveries(options.client, options.deliveriesQueueUrl, messages, resendTag);
  for (const destination of names) logger.debug("queued for delivery", { eventId: event.id, destination });
  return names;
}
