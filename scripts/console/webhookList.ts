import type { LogRecord } from "../local/logSink.ts";

export type DeliveryState = "delivered" | "retrying" | "dead-lettered";

/** One webhook as the console lists it: what was answered, what it became, where it is per destination. */
export interface Webhook {
  /** The event id; absent for a rejected request, which became no event. */
  eventId?: string;
  time: string;
  provider: string;
  route: string;
  answer: number;
  reason?: string;
  type?: string;
  eventStatus?: string;
  orderId?: string;
  numbers?: string;
  destinations: Record<string, { state: DeliveryState; attempts: number; lastReason?: string }>;
}

export interface Pipeline {
  received: number;
  rejected: number;
  queued: number;
  fallback: number;
  delivered: number;
  retrying: number;
  deadLettered: number;
}

const ACCEPTED = [
  "event queued",
  "port-out validation decided",
  "queue unavailable: accepted event kept in the fallback archive",
];
const DELIVERY: Record<string, DeliveryState> = {
  delivered: "delivered",
  "delivery failed, will retry": "retrying",
  "dead-lettered": "dead-lettered",
};

/**
 * The console's view of the local runtime's records: every webhook, newest first, with each
 * destination's latest state, and the counts per pipeline stage (deliveries by their latest state).
 */
export function webhookList(records: readonly LogRecord[]): { webhooks: Webhook[]; pipeline: Pipeline } {
  const byEvent = new Map<string, Webhook>();
  const rejected: Webhook[] = [];
  const pipeline: Pipeline = {
    received: 0,
    rejected: 0,
    queued: 0,
    fallback: 0,
    delivered: 0,
    retrying: 0,
    deadLettered: 0,
  };
  for (const line of records) {
    const text = (key: string) => (typeof line[key] === "string" ? (line[key] as string) : undefined);
    if (line.message === "request rejected") {
      pipeline.received++;
      pipeline.rejected++;
      rejected.push({
        time: line.timestamp,
        provider: text("provider") ?? "",
        route: text("route") ?? "",
        answer: Number(line.status),
        reason: text("reason") ?? "",
        destinations: {},
      });
      continue;
    }
    const eventId = text("eventId");
    if (!eventId) continue;
    if (ACCEPTED.includes(line.message) && !byEvent.has(eventId)) {
      pipeline.received++;
      if (line.message.startsWith("queue unavailable")) pipeline.fallback++;
      else pipeline.queued++;
      byEvent.set(eventId, {
        eventId,
        time: line.timestamp,
        provider: text("provider") ?? "",
        route: text("route") ?? "",
        answer: 200,
        ...optional("type", text("type")),
        ...optional("eventStatus", text("eventStatus")),
        ...optional("orderId", text("orderId")),
        ...optional("numbers", text("numbers")),
        destinations: {},
      });
    }
    const state = DELIVERY[line.message];
    const webhook = byEvent.get(eventId);
    const destination = text("destination");
    if (state && webhook && destination) {
      webhook.destinations[destination] = {
        state,
        attempts: Number(line.attempts) || 1,
        ...optional("lastReason", text("reason")),
      };
    }
  }
  for (const webhook of byEvent.values()) {
    for (const { state } of Object.values(webhook.destinations)) {
      if (state === "delivered") pipeline.delivered++;
      else if (state === "retrying") pipeline.retrying++;
      else pipeline.deadLettered++;
    }
  }
  const webhooks = [...byEvent.values(), ...rejected].sort((a, b) => b.time.localeCompare(a.time));
  return { webhooks, pipeline };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
