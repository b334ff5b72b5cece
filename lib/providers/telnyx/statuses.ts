import type { CanonicalStatus, NumberResult } from "../../event/canonical.ts";
import { lookup } from "../lookup.ts";

type StatusTable = Readonly<Record<string, CanonicalStatus>>;

/** Number orders and their numbers: `pending | success | failure` (telnyx-node `NumberOrderStatusUpdate`). */
export const NUMBER_ORDER_STATUSES: StatusTable = {
  pending: "pending",
  success: "complete",
  failure: "failed",
};

/**
 * Porting (port-in) orders, `status.value` (telnyx-node `src/resources/shared.ts` `PortingOrderStatus`).
 * Telnyx spells it `cancelled` here.
 */
export const PORTING_ORDER_STATUSES: StatusTable = {
  draft: "draft",
  "in-process": "processing",
  submitted: "processing",
  exception: "action_required",
  "foc-date-confirmed": "scheduled",
  ported: "complete",
  cancelled: "cancelled",
  "cancel-pending": "cancel_pending",
};

/**
 * Port-outs (telnyx-node `src/resources/portouts/events.ts` `WebhookPortoutStatusChanged.Payload.status`;
 * meanings from developers.telnyx.com `docs/numbers/porting/port-out-quickstart`, "Port-out order
 * statuses"). Telnyx spells it `canceled` here; `cancelled` is accepted as its other spelling.
 */
export const PORTOUT_STATUSES: StatusTable = {
  // "received and is awaiting your review"; unanswered for 24–48 h it is authorized automatically:
  // the owner must act.
  pending: "action_required",
  authorized: "processing", // "The numbers will port on the FOC date."
  "rejected-pending": "processing", // "The Porting Ops team is reviewing the rejection reason"
  rejected: "failed", // "formally rejected and will not proceed"
  canceled: "cancelled", // "canceled by the gaining carrier or Telnyx"
  cancelled: "cancelled",
  ported: "complete",
};

/**
 * The messaging side of a porting order, `messaging.messaging_port_status` (telnyx-node
 * `src/resources/porting/events.ts` `PortingEventMessagingChangedPayload`).
 */
export const MESSAGING_PORT_STATUSES: StatusTable = {
  // `not_applicable` (no messaging to port) has no progress to report: read as no status at all.
  pending: "pending",
  activating: "processing",
  exception: "action_required",
  canceled: "cancelled",
  partial_port_complete: "partial",
  ported: "complete",
};

/**
 * A number order's numbers' document requirements, `requirements_status` (telnyx-node
 * `src/resources/number-orders.ts` `PhoneNumber.requirements_status`).
 */
export const REQUIREMENTS_STATUSES: StatusTable = {
  pending: "pending",
  "requirement-info-pending": "action_required",
  "requirement-info-under-review": "processing",
  "requirement-info-exception": "action_required",
  approved: "complete",
  cancelled: "cancelled",
  deleted: "cancelled",
};

/** Messaging hosted-number orders, `order_status` (telnyx-node `src/resources/webhooks.ts` `HostedNumberOrderEventWebhookEvent`). */
export const HOSTED_ORDER_STATUSES: StatusTable = {
  pending: "pending",
  provisioning: "processing",
  loa_file_successful: "processing",
  successful: "complete",
  failed: "failed",
  carrier_rejected: "failed",
  compliance_review_failed: "failed",
  ineligible_carrier: "failed",
  incomplete_documentation: "action_required",
  incorrect_billing_information: "action_required",
  loa_file_invalid: "action_required",
  deleted: "cancelled",
};

/** Numbers of a hosted-number order; every `failed_*` value is a failure. */
export const HOSTED_NUMBER_STATUSES: StatusTable = {
  pending: "pending",
  provisioning: "processing",
  ownership_successful: "processing",
  successful: "complete",
  failed: "failed",
  deleted: "cancelled",
};

/** The canonical status of a provider value; `unknown` for a value not documented yet. */
export function statusIn(table: StatusTable, value: string): CanonicalStatus {
  const failed = lookup(table, "failed");
  return lookup(table, value) ?? (value.startsWith("failed_") && failed ? failed : "unknown");
}

/**
 * The order's canonical status, told apart from its numbers: an order Telnyx calls successful while
 * some of its numbers failed is `partial`; an order without a status of its own (the documented
 * `number_order.complete` example has none) takes the outcome of its numbers.
 */
export function rollUp(
  order: CanonicalStatus | null,
  numbers: readonly NumberResult[],
): CanonicalStatus | null {
  const complete = numbers.filter((n) => n.status === "complete").length;
  const failed = numbers.filter((n) => n.status === "failed").length;
  if (order === "complete") return failed > 0 ? "partial" : "complete";
  if (order !== null || numbers.length === 0) return order;
  if (complete === numbers.length) return "complete";
  if (failed === numbers.length) return "failed";
  return complete + failed === numbers.length ? "partial" : null;
}
