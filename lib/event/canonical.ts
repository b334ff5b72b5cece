/**
 * The canonical number-lifecycle event: a CloudEvents 1.0 structured JSON object.
 * Every provider's webhook is normalized into this one shape; consumers never see provider formats.
 * The JSON Schema beside this file (`canonical-event.v1.schema.json`) is the published contract.
 */

export const SPEC_VERSION = "1.0";
export const DATA_SCHEMA = "https://number-events-gateway.dev/schema/canonical-event.v1.json";

/** Where an event came from: the CloudEvents `source`. */
export type EventSource = "bandwidth/v1" | "bandwidth/v2" | "telnyx";
export type Provider = "bandwidth" | "telnyx";

export const KNOWN_EVENT_TYPES = [
  "order.status_changed",
  "order.note_added",
  "port_in.status_changed",
  "port_in.note_added",
  "port_in.split",
  "port_in.updated",
  "port_out.status_changed",
  "port_out.note_added",
  "port_out.foc_date_changed",
  "port_out.validation_decided",
  "port_out.pin_locked",
  "port_out.pin_unlocked",
  "number.messaging_lost",
  "number.reputation_changed",
] as const;

/** A type the gateway maps, or `<provider>.unrecognized` for anything it does not know yet (never dropped). */
export type CanonicalEventType = (typeof KNOWN_EVENT_TYPES)[number] | `${Provider}.unrecognized`;

/**
 * One small status vocabulary for every carrier. The provider's own value is always kept beside it
 * in `data.providerStatus`.
 */
export const CANONICAL_STATUSES = [
  "draft",
  "pending",
  "processing",
  "action_required",
  "scheduled",
  "cancel_pending",
  "complete",
  "partial",
  "failed",
  "cancelled",
  "unknown",
] as const;
export type CanonicalStatus = (typeof CANONICAL_STATUSES)[number];

/** What kind of order an event is about, independent of the carrier's naming. */
export type OrderKind =
  | "number_order"
  | "disconnect"
  | "port_in"
  | "port_out"
  | "directory_listing"
  | "lsr"
  | "e911"
  | "tn_option"
  | "external_tn"
  | "lidb"
  | "tn_import"
  | "tn_import_removal"
  | "csr"
  | "emergency_notification_group"
  | "emergency_endpoint_group"
  | "tollfree_porting_validation"
  | "hosted_number_order"
  | "number_event"
  | "unknown";

/** The result for one number of a multi-number order, so a consumer can tell which numbers failed. */
export interface NumberResult {
  phoneNumber: string;
  status: CanonicalStatus | null;
  providerStatus: string | null;
  requirementsMet?: boolean;
  /** The provider's status of the number's document requirements (Telnyx `requirements_status`). */
  requirementsStatus?: string;
  /** `local`, `mobile`, `national`, `shared_cost`, `toll_free` (Telnyx `phone_number_type`). */
  phoneNumberType?: string;
  /** The number's country calling code or ISO code, as the provider gives it (Telnyx `country_code`). */
  countryCode?: string;
}

export interface CanonicalEventData {
  provider: Provider;
  /** The provider's order id (Bandwidth `OrderId`, Telnyx order / porting order id); null for number events. */
  orderId: string | null;
  orderKind: OrderKind;
  /** The provider's own order type (`portins`, `number_order`, …). */
  providerOrderType: string | null;
  status: CanonicalStatus | null;
  providerStatus: string | null;
  /** Every phone number the event is about, in E.164. */
  phoneNumbers: string[];
  numberResults?: NumberResult[];
  customerReference: string | null;
  message: string | null;
  note: string | null;
  /** When the gateway received the webhook (ISO 8601). */
  receivedAt: string;
  /** Provider-specific facts worth a field of their own (subscription id, FOC date, error code, …). */
  details: Record<string, unknown>;
  /** The provider payload as parsed: nothing the provider said is lost. */
  providerPayload: unknown;
}

export interface CanonicalEvent {
  specversion: typeof SPEC_VERSION;
  /** Deterministic: the same provider event always gets the same id. It is the idempotency key. */
  id: string;
  source: EventSource;
  type: CanonicalEventType;
  /** The provider order id, when there is one. */
  subject?: string;
  /** When it happened at the provider; the receive time if the provider gives none. */
  time: string;
  datacontenttype: "application/json";
  dataschema: typeof DATA_SCHEMA;
  data: CanonicalEventData;
}

/** Builds the CloudEvents envelope around normalized data; `subject` is the order id when there is one. */
export function buildEvent(fields: {
  id: string;
  source: EventSource;
  type: CanonicalEventType;
  time: string;
  data: CanonicalEventData;
}): CanonicalEvent {
  return {
    specversion: SPEC_VERSION,
    id: fields.id,
    source: fields.source,
    type: fields.type,
    ...(fields.data.orderId ? { subject: fields.data.orderId } : {}),
    time: fields.time,
    datacontenttype: "application/json",
    dataschema: DATA_SCHEMA,
    data: fields.data,
  };
}
