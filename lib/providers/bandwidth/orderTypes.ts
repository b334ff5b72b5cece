import type { CanonicalEventType, CanonicalStatus, OrderKind } from "../../event/canonical.ts";

/**
 * Bandwidth order types and their notified states (providers.md §1.3, from the Bandwidth docs'
 * orderWebhook.md and subscriptions.mdx). Order types are compared case-sensitively, as Bandwidth
 * spells them (`externalTns`, `bulkPortins`, `importtnorders`).
 */
const ORDER_KINDS: Readonly<Record<string, OrderKind>> = {
  portins: "port_in",
  bulkPortins: "port_in",
  portouts: "port_out",
  orders: "number_order",
  disconnects: "disconnect",
  dldas: "directory_listing",
  lsrorders: "lsr",
  e911s: "e911",
  tnoptions: "tn_option",
  externalTns: "external_tn",
  lidb: "lidb",
  importtnorders: "tn_import",
  importVoiceTnOrders: "tn_import",
  removeImportedTnOrders: "tn_import_removal",
  removeImportedVoiceTnOrders: "tn_import_removal",
  csrs: "csr",
  emergencyNotificationGroup: "emergency_notification_group",
  emergencyEndpointGroup: "emergency_endpoint_group",
  tollfreePortingValidations: "tollfree_porting_validation",
};

/** Every Bandwidth order status we know, onto the canonical vocabulary. */
const STATUSES: Readonly<Record<string, CanonicalStatus>> = {
  DRAFT: "draft",
  RECEIVED: "pending",
  PENDING: "pending",
  NEW: "pending",
  BACKORDERED: "pending",
  PENDING_DOCUMENTS: "action_required",
  REQUESTED_SUPP: "action_required",
  EXCEPTION: "action_required",
  NEEDS_ATTENTION: "action_required",
  ACTION_REQUIRED: "action_required",
  VALIDATION_FAILED_NEW: "action_required",
  VALIDATION_FAILED_SUPP: "action_required",
  VALIDATION_FAILED_MODIFY: "action_required",
  SOA_CONFLICT: "action_required",
  SUBMITTED: "processing",
  PROCESSING: "processing",
  IN_PROGRESS: "processing",
  MODIFY: "processing",
  SOA_PENDING: "processing",
  FOC: "scheduled",
  REQUESTED_CANCEL: "cancel_pending",
  COMPLETE: "complete",
  COMPLETED: "complete",
  ADJUSTED_COMPLETE: "complete",
  PARTIAL: "partial",
  ADJUSTED_PARTIAL: "partial",
  FAILED: "failed",
  CANCELLED: "cancelled",
};

/** The canonical order kind of a Bandwidth order type, or `unknown` for a type not documented yet. */
export function orderKindOf(orderType: string): OrderKind {
  return ORDER_KINDS[orderType] ?? "unknown";
}

/** The canonical status of a Bandwidth status; `unknown` for a value we have not seen documented. */
export function canonicalStatusOf(status: string): CanonicalStatus {
  return STATUSES[status.toUpperCase()] ?? "unknown";
}

/**
 * The canonical type of an order event: note events and status changes, by order family.
 * An order type Bandwidth has not documented is still queued, as `bandwidth.unrecognized`.
 */
export function orderEventType(kind: OrderKind, change: "status" | "note"): CanonicalEventType {
  if (kind === "unknown") return "bandwidth.unrecognized";
  const family = kind === "port_in" ? "port_in" : kind === "port_out" ? "port_out" : "order";
  return change === "note" ? `${family}.note_added` : `${family}.status_changed`;
}
