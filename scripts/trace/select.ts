import { toE164 } from "../../lib/phone.ts";
import type { LogRecord } from "../local/logSink.ts";

/** What `npm run trace` looks for: an event id, an order id, a telephone number or a PON. */
export interface TraceQuery {
  term: string;
  /** The term as an E.164 number, when it reads as one. */
  number: string | null;
}

export function traceQuery(term: string): TraceQuery {
  return { term: term.trim(), number: toE164(term) };
}

/** Whether a line names the term: as its event, order, PON, or one of its numbers. */
export function mentions(record: LogRecord, query: TraceQuery): boolean {
  const { term, number } = query;
  if (record.eventId === term || record.orderId === term || record.pon === term) return true;
  if (record.decisionEventId === term) return true;
  const numbers = typeof record.numbers === "string" ? record.numbers.split(" ") : [];
  return number !== null && numbers.includes(number);
}

/** The ids of the events the term names, in the order they first appear. */
export function matchingEventIds(records: readonly LogRecord[], query: TraceQuery): string[] {
  const ids = new Set<string>();
  for (const record of records) {
    if (!mentions(record, query)) continue;
    if (typeof record.eventId === "string") ids.add(record.eventId);
    if (typeof record.decisionEventId === "string") ids.add(record.decisionEventId);
  }
  return [...ids];
}

/** The lines about one event: its own, and the per-batch `archived` lines that list it. */
export function linesOf(records: readonly LogRecord[], eventId: string): LogRecord[] {
  return records.filter(
    (record) =>
      record.eventId === eventId ||
      (typeof record.eventIds === "string" && record.eventIds.split(" ").includes(eventId)),
  );
}
