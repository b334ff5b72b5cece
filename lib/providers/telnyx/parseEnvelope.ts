import { MalformedBodyError } from "../../errors.ts";
import { isObject, objectOf, parseJsonObject, stringOf } from "../../json/parseJsonObject.ts";

/**
 * One Telnyx webhook, whichever of its two envelope shapes it came in (docs/providers.md#telnyx-envelope).
 */
export interface TelnyxEnvelope {
  /** The event id (`data.id`, or top-level `id` in the flat shape): the dedup key. */
  id: string;
  eventType: string;
  occurredAt: string | null;
  /** `payload`; null for events that carry none (`porting_order.loa_updated`). */
  payload: Record<string, unknown> | null;
  /** `{data, meta}` (number orders, porting, port-outs) or `flat` (`porting_order.messaging_changed`, `.deleted`). */
  shape: "enveloped" | "flat";
  /** `meta.attempt` (a number, or a string in some deliveries). */
  attempt: number | string | null;
  /** The object that holds `event_type`: `data`, or the whole body in the flat shape. */
  event: Record<string, unknown>;
  /** The whole body as parsed. */
  raw: Record<string, unknown>;
}

/**
 * Parses a Telnyx webhook body. The standard shape is `{data: {event_type, id, occurred_at, payload,
 * record_type}, meta: {attempt, delivered_to}}`; some porting events arrive flat, with `id`,
 * `event_type`, `occurred_at` and `payload` at the top level. Both must carry an id and an event type.
 */
export function parseEnvelope(body: Buffer): TelnyxEnvelope {
  const raw = parseJsonObject(body);
  const data = objectOf(raw, "data");
  const enveloped = data !== null && typeof data.event_type === "string";
  const event = enveloped ? data : raw;
  const id = stringOf(event, "id");
  const eventType = stringOf(event, "event_type");
  if (!id || !eventType) throw new MalformedBodyError("expected a Telnyx event with an id and an event_type");
  const payload = event.payload;
  if (payload !== undefined && payload !== null && !isObject(payload)) {
    throw new MalformedBodyError("payload must be an object");
  }
  const attempt = objectOf(raw, "meta")?.attempt;
  return {
    id,
    eventType,
    occurredAt: stringOf(event, "occurred_at"),
    payload: payload ?? null,
    shape: enveloped ? "enveloped" : "flat",
    attempt: typeof attempt === "number" || typeof attempt === "string" ? attempt : null,
    event,
    raw,
  };
}
