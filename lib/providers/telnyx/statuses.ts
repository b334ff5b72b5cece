import type { CanonicalStatus, NumberResult } from "../../event/canonical.ts";

type StatusTable = Readonly<Record<string, CanonicalStatus>>;

/** Number orders and their numbers: `pending | success | failure` (telnyx-node `NumberOrderStatusUpdate`). */
export const NUMBER_ORDER_STATUSES: StatusTable = {
  pending: "pending",
  success: "complete",
  failure: "failed",
};

/** Porting (port-in) orders, `status.value` (providers.md §6.2). Telnyx spells it `cancelled` here. */
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
 * Port-outs (providers.md §6.2; Telnyx spells it `canceled` here). `authorized` means the port-out
 * will go ahead; `rejected-pending` waits for the gaining carrier to come back.
 */
export const PORTOUT_STATUSES: StatusTable = {
  pending: "pending",
  authorized: "processing",
  ported: "complete",
  rejected: "failed",
  "rejected-pending": "pending",
  canceled: "cancelled",
  cancelled: "cancelled",
};

/** Messaging hosted-number orders, `order_status` (telnyx `HostedNumberOrderEventWebhookEvent`). */
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
  return table[value] ?? (value.startsWith("failed_") && table.failed ? table.failed : "unknown");
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
