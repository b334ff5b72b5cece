import type { CanonicalEventType, CanonicalStatus, OrderKind } from "../../event/canonical.ts";
import { lookup } from "../lookup.ts";

/** Which canonical event family an order type's changes belong to. */
type Family = "port_in" | "port_out" | "order";

/**
 * Bandwidth order types, as subscriptions name them: dev.bandwidth.com `docs/account/subscriptions`
 * ("Order Types" table; Bandwidth/api-docs `site/docs/numbers/orderWebhook.md`). Compared
 * case-sensitively, as Bandwidth spells them (`externalTns`, `bulkPortins`, `importtnorders`).
 */
const ORDER_TYPES: Readonly<Record<string, { kind: OrderKind; family: Family }>> = {
  portins: { kind: "port_in", family: "port_in" },
  bulkPortins: { kind: "port_in", family: "port_in" },
  portouts: { kind: "port_out", family: "port_out" },
  // LSR orders "port local telephone numbers away from the Bandwidth network" (Bandwidth/api-docs
  // `site/docs/numbers/porting/port-outs/lsrs.mdx`; `porting/port-outs/about.mdx` files them under
  // port-outs): numbers leave the account, so their changes are port-outs, kind `lsr`.
  lsrorders: { kind: "lsr", family: "port_out" },
  orders: { kind: "number_order", family: "order" },
  disconnects: { kind: "disconnect", family: "order" },
  dldas: { kind: "directory_listing", family: "order" },
  e911s: { kind: "e911", family: "order" },
  tnoptions: { kind: "tn_option", family: "order" },
  externalTns: { kind: "external_tn", family: "order" },
  lidb: { kind: "lidb", family: "order" },
  importtnorders: { kind: "tn_import", family: "order" },
  importVoiceTnOrders: { kind: "tn_import", family: "order" },
  removeImportedTnOrders: { kind: "tn_import_removal", family: "order" },
  removeImportedVoiceTnOrders: { kind: "tn_import_removal", family: "order" },
  csrs: { kind: "csr", family: "order" },
  emergencyNotificationGroup: { kind: "emergency_notification_group", family: "order" },
  emergencyEndpointGroup: { kind: "emergency_endpoint_group", family: "order" },
  tollfreePortingValidations: { kind: "tollfree_porting_validation", family: "order" },
};

/**
 * Every status Bandwidth documents for an order, onto the canonical vocabulary. Sources
 * (Bandwidth/api-docs): [subs] `site/docs/account/subscriptions.mdx` notified states;
 * [portin] `site/docs/numbers/porting/port-ins/stand-alone-port-ins/about.mdx` "Fetching Port-in Status";
 * [bulk] `site/docs/numbers/porting/port-ins/bulkPortIns.mdx` and `site/specs/numbers.yml`
 * `BulkPortinResponse.ProcessingStatus`, `TnListResponse.ProcessingStatus`;
 * [portout] `site/specs/numbers.yml` `PortOutResponse.ProcessingStatus`;
 * [lsr] `site/docs/numbers/porting/port-outs/lsrs.mdx`; [csr] `porting/port-ins/csrs.mdx`;
 * [tfv] `porting/port-ins/stand-alone-port-ins/tollFreePortabilityValidations.mdx`.
 */
const STATUSES: Readonly<Record<string, CanonicalStatus>> = {
  DRAFT: "draft", // [portin] [bulk] not submitted yet
  VALIDATE_DRAFT_TNS: "draft", // [bulk] a draft whose numbers are being validated
  VALID_DRAFT_TNS: "draft", // [bulk] a draft ready to submit
  INVALID_DRAFT_TNS: "action_required", // [bulk] "the TN list must be updated"
  VALIDATE_DRAFT_TFNS: "draft", // [portin] a toll-free draft being validated
  VALID_DRAFT_TFNS: "draft", // [portin] a toll-free draft ready to submit
  INVALID_DRAFT_TFNS: "action_required", // [portin] non-portable toll-free numbers: update the list
  VALIDATE_TFNS: "processing", // [portin] "toll free number validation is in progress"
  INVALID_TFNS: "action_required", // [portin] update the numbers or retry the validation
  RECEIVED: "pending", // [subs] dldas, e911s, tnoptions
  PENDING: "pending", // [lsr] "the account … is still validating the port-out"
  NEW: "pending", // [portout] a port-out request received
  BACKORDERED: "pending", // [subs] orders
  PENDING_DOCUMENTS: "action_required", // [portin] "requires a valid letter of authorization"
  EXCEPTION: "action_required", // [portin] "a problem that requires intervention"; [lsr]
  NEEDS_ATTENTION: "action_required", // [bulk] "at least one child port-in … in the Exception state"
  ACTION_REQUIRED: "action_required", // [subs] [csr] more information requested by the carrier
  VALIDATION_FAILED_NEW: "action_required", // [portout]
  VALIDATION_FAILED_SUPP: "action_required", // [portout]
  VALIDATION_FAILED_MODIFY: "action_required", // [portout]
  SOA_CONFLICT: "action_required", // [portout]
  REQUESTED_SUPP: "processing", // [portin] "A request to update the order has been submitted"
  SUPP: "processing", // [portout] a supplemented (updated) port-out being processed
  SUBMITTED: "processing", // [portin] "submitted to the porting vendor"; [tfv]
  PROCESSING: "processing", // [subs] [tfv]
  IN_PROGRESS: "processing", // [bulk] "The bulk port-in is being processed"
  MODIFY: "processing", // [portout]
  SOA_PENDING: "processing", // [portout]
  FOC: "scheduled", // [portin] "A firm order commitment date has been agreed upon"; [lsr]
  REQUESTED_CANCEL: "cancel_pending", // [portin] "A request to cancel the order has been submitted"
  COMPLETE: "complete", // [subs]
  COMPLETED: "complete", // [bulk]
  ADJUSTED_COMPLETE: "complete", // [subs] e911s: provisioned, address adjusted to be geocodable
  PARTIAL: "partial", // [subs]
  ADJUSTED_PARTIAL: "partial", // [subs] e911s
  FAILED: "failed", // [subs]
  CANCELLED: "cancelled", // [portin] [lsr] [bulk]
  CANCELED: "cancelled", // [bulk] `TnListResponse.ProcessingStatus` spells it with one L
};

/** The canonical order kind of a Bandwidth order type, or `unknown` for a type not documented yet. */
export function orderKindOf(orderType: string): OrderKind {
  return lookup(ORDER_TYPES, orderType)?.kind ?? "unknown";
}

/** The canonical status of a Bandwidth status; `unknown` only for a value no document lists. */
export function canonicalStatusOf(status: string): CanonicalStatus {
  return lookup(STATUSES, status.toUpperCase()) ?? "unknown";
}

/**
 * The canonical type of an order event: note events and status changes, by order family.
 * An order type Bandwidth has not documented is still queued, as `bandwidth.unrecognized`.
 */
export function orderEventType(orderType: string | null, change: "status" | "note"): CanonicalEventType {
  const known = orderType === null ? undefined : lookup(ORDER_TYPES, orderType);
  if (!known) return "bandwidth.unrecognized";
  return change === "note" ? `${known.family}.note_added` : `${known.family}.status_changed`;
}
