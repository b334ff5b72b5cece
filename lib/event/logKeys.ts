import type { CanonicalEvent } from "./canonical.ts";

/** At most this many numbers go into a log line; an order with more is found by its order id. */
export const LOGGED_NUMBERS = 50;

/** The keys every log line about an event carries, so one query finds its whole path. */
export interface EventLogKeys {
  eventId: string;
  orderId: string | null;
  provider: string;
  /** The webhook route that received it (`bandwidth-v1-notifications`, …). */
  route: string;
}

/**
 * The trace keys of an event (`npm run trace`, and the CloudWatch Logs Insights queries of
 * serverless/monitoring.yml, filter on them). The route is derived from the event: the
 * notification routes are named after their source, and a port-out decision comes from the
 * validation route.
 */
export function eventLogKeys(event: CanonicalEvent): EventLogKeys {
  return {
    eventId: event.id,
    orderId: event.data.orderId,
    provider: event.data.provider,
    route:
      event.type === "port_out.validation_decided"
        ? "bandwidth-v1-portout-validation"
        : `${event.source.replace("/", "-")}-notifications`,
  };
}

/**
 * The keys of the line that records an event's arrival: the trace keys, what it was normalized to,
 * and its numbers as one space-separated string (a Logs Insights `like` finds one), at most
 * {@link LOGGED_NUMBERS} of them.
 */
export function receivedLogKeys(event: CanonicalEvent) {
  const numbers = event.data.phoneNumbers;
  return {
    ...eventLogKeys(event),
    type: event.type,
    // Not `status`: on these lines that key is the HTTP answer (the metric filters count 401s by it).
    eventStatus: event.data.status,
    numbers: numbers.slice(0, LOGGED_NUMBERS).join(" "),
    ...(numbers.length > LOGGED_NUMBERS ? { numberCount: numbers.length } : {}),
  };
}
