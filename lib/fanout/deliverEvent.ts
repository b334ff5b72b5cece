import type { Destination } from "../destinations/registry.ts";
import { DeliveryError } from "../errors.ts";
import type { CanonicalEvent } from "../event/canonical.ts";
import { logger } from "../log.ts";

/**
 * Delivers one event to every destination, concurrently. If any destination fails, this throws so
 * the record is reported as a batch item failure and SQS redelivers it later (to every destination:
 * the `webhook-id` lets receivers drop the repeat; per-destination retries are the delivery engine's job).
 */
export async function deliverEvent(
  event: CanonicalEvent,
  destinations: readonly Destination[],
): Promise<void> {
  const results = await Promise.allSettled(
    destinations.map(async ({ config, driver }) => {
      const started = performance.now();
      await driver.deliver(driver.format(event, config), config);
      logger.info("delivered", {
        eventId: event.id,
        destination: config.name,
        ms: Math.round(performance.now() - started),
      });
    }),
  );
  const failed = results.flatMap((result, index) =>
    result.status === "rejected"
      ? [{ destination: destinations[index]?.config.name, error: result.reason }]
      : [],
  );
  for (const { destination, error } of failed) {
    logger.warn("delivery failed", { eventId: event.id, destination, error });
  }
  if (failed.length > 0) {
    throw new DeliveryError(`${failed.length} of ${destinations.length} destinations failed`, {
      retryable: failed.some(({ error }) => !(error instanceof DeliveryError) || error.retryable),
    });
  }
}
