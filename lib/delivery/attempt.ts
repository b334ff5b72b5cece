import type { Destination } from "../destinations/registry.ts";
import { nextRetryDelay } from "../destinations/retryPolicy.ts";
import { DeliveryError } from "../errors.ts";
import type { DeliveryMessage } from "./deliveryMessage.ts";

export type AttemptResult =
  | { kind: "delivered" }
  | { kind: "retry"; delaySeconds: number; reason: string }
  | { kind: "deadLetter"; reason: string; retryable: boolean };

/**
 * Makes one attempt to deliver and decides what happens next: done; try again after a delay
 * (exponential, at least the destination's `Retry-After`); or give up — at once for a refusal (4xx, a
 * format error), after the retry policy's age or attempt limit for a failure that may clear.
 * An error that is not a DeliveryError is a failure we did not foresee: it is retried, never dropped.
 */
export async function attemptDelivery(
  message: DeliveryMessage,
  destination: Destination | undefined,
  attempts: number,
  now: number,
): Promise<AttemptResult> {
  if (!destination) {
    return {
      kind: "deadLetter",
      reason: `destination "${message.destination}" is not configured`,
      retryable: false,
    };
  }
  let formatted: unknown;
  try {
    formatted = destination.driver.format(message.event, destination.config);
  } catch (error) {
    return { kind: "deadLetter", reason: `could not format the event: ${describe(error)}`, retryable: false };
  }
  try {
    await destination.driver.deliver(formatted, destination.config);
    return { kind: "delivered" };
  } catch (error) {
    const retryable = !(error instanceof DeliveryError) || error.retryable;
    const reason = describe(error);
    if (!retryable) return { kind: "deadLetter", reason, retryable };
    const retryAfterMs = error instanceof DeliveryError ? error.retryAfterMs : undefined;
    const delaySeconds = nextRetryDelay(destination.retry, {
      attempts,
      ageSeconds: (now - Date.parse(message.queuedAt)) / 1000,
      retryAfterSeconds: retryAfterMs === undefined ? undefined : retryAfterMs / 1000,
    });
    return delaySeconds === undefined
      ? { kind: "deadLetter", reason: `gave up after ${attempts} attempts: ${reason}`, retryable }
      : { kind: "retry", delaySeconds, reason };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
