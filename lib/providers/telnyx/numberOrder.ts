import { arrayOf, isObject, stringOf } from "../../json/parseJsonObject.ts";
import { present } from "../present.ts";
import { factsOf, type TelnyxFacts } from "./facts.ts";
import { readNumbers } from "./numbers.ts";
import { NUMBER_ORDER_STATUSES, rollUp, statusIn } from "./statuses.ts";

/**
 * `number_order.complete` (docs/providers.md#telnyx-event-types): the order and each of its numbers, with the
 * number's own status and whether its regulatory requirements are met.
 */
export function numberOrderFacts(eventType: string, payload: Record<string, unknown> | null): TelnyxFacts {
  const entries = arrayOf(payload, "phone_numbers").filter(isObject);
  const statusOf = (value: string) => statusIn(NUMBER_ORDER_STATUSES, value);
  const numbers = readNumbers(
    entries.map((entry) => ({
      value: entry.phone_number,
      status: entry.status,
      requirementsMet: entry.requirements_met,
      // telnyx-node `src/resources/number-orders.ts` `PhoneNumber`.
      requirementsStatus: entry.requirements_status,
      phoneNumberType: entry.phone_number_type,
      countryCode: entry.country_code,
    })),
    statusOf,
  );
  const providerStatus = stringOf(payload, "status");
  return factsOf({
    type: eventType === "number_order.complete" ? "order.status_changed" : "telnyx.unrecognized",
    orderKind: "number_order",
    providerOrderType: "number_order",
    orderId: stringOf(payload, "id"),
    status: rollUp(providerStatus === null ? null : statusOf(providerStatus), numbers.numberResults),
    providerStatus,
    phoneNumbers: numbers.phoneNumbers,
    numberResults: numbers.numberResults,
    customerReference: stringOf(payload, "customer_reference"),
    details: present({
      connectionId: stringOf(payload, "connection_id"),
      messagingProfileId: stringOf(payload, "messaging_profile_id"),
      billingGroupId: stringOf(payload, "billing_group_id"),
      subNumberOrderIds: payload?.sub_number_orders_ids,
      unreadablePhoneNumbers: numbers.unreadable.length > 0 ? numbers.unreadable : null,
    }),
  });
}
