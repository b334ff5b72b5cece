import { arrayOf, isObject, stringOf } from "../../json/parseJsonObject.ts";
import { present } from "../present.ts";
import { factsOf, type TelnyxFacts } from "./facts.ts";
import { readNumbers } from "./numbers.ts";
import { HOSTED_NUMBER_STATUSES, HOSTED_ORDER_STATUSES, rollUp, statusIn } from "./statuses.ts";

const PREFIX = "messaging_hosted_numbers_orders.";
const KNOWN = new Set([
  "created",
  "updated",
  "deleted",
  "internal_transfer_detected",
  "internal_transfer_approval_requested",
  "internal_transfer_approved",
  "internal_transfer_rejected",
  "internal_transfer_auto_approved",
]);

/**
 * `messaging_hosted_numbers_orders.*` (telnyx `HostedNumberOrderEventWebhookEvent`): every event
 * carries the order's status and its numbers; internal-transfer events add the losing account's
 * `decision` and the `approval_deadline` (Unix seconds), kept in `details`.
 */
export function hostedNumberOrderFacts(
  eventType: string,
  payload: Record<string, unknown> | null,
): TelnyxFacts {
  const change = eventType.slice(PREFIX.length);
  const providerStatus = stringOf(payload, "order_status");
  const numbers = readNumbers(
    arrayOf(payload, "numbers")
      .filter(isObject)
      .map((entry) => ({ value: entry.value, status: entry.status })),
    (value) => statusIn(HOSTED_NUMBER_STATUSES, value),
  );
  const deadline = payload?.approval_deadline;
  return factsOf({
    type: KNOWN.has(change) ? "order.status_changed" : "telnyx.unrecognized",
    orderKind: "hosted_number_order",
    providerOrderType: "messaging_hosted_number_order",
    orderId: stringOf(payload, "order_id"),
    status: rollUp(
      providerStatus === null ? null : statusIn(HOSTED_ORDER_STATUSES, providerStatus),
      numbers.numberResults,
    ),
    providerStatus,
    phoneNumbers: numbers.phoneNumbers,
    numberResults: numbers.numberResults,
    details: present({
      change,
      decision: stringOf(payload, "decision"),
      approvalDeadline: typeof deadline === "number" ? new Date(deadline * 1000).toISOString() : null,
      messagingProfileId: stringOf(payload, "profile_id"),
      userId: stringOf(payload, "user_id"),
      unreadablePhoneNumbers: numbers.unreadable.length > 0 ? numbers.unreadable : null,
    }),
  });
}

export function isHostedNumberOrderEvent(eventType: string): boolean {
  return eventType.startsWith(PREFIX);
}
