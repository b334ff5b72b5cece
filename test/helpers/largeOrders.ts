import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EVENTS_DIR } from "./fixtures.ts";

/** Distinct valid North American numbers, in Bandwidth's LEGACY 10-digit form: 919 200 0000, … */
function tenDigits(index: number): string {
  return `919${String(2_000_000 + index).padStart(7, "0")}`;
}

/**
 * A Bandwidth v1 port-in COMPLETE notification for `count` numbers, laid out like the order
 * notification example of the Bandwidth docs (`site/docs/numbers/orderWebhook.md`).
 */
export function bandwidthPortInCompletion(count: number): string {
  const numbers = Array.from(
    { length: count },
    (_, i) => `        <TelephoneNumber>${tenDigits(i)}</TelephoneNumber>`,
  ).join("\n");
  return `<?xml version="1.0"?>
<Notification>
    <SubscriptionId>23bba4e1-50f1-4461-94b1-33d223e886dc</SubscriptionId>
    <OrderType>portins</OrderType>
    <OrderId>ee456cfb-d237-4adc-b3f8-9db03d2e62a2</OrderId>
    <CustomerOrderId>port-large-0001</CustomerOrderId>
    <Status>COMPLETE</Status>
    <Message>Port-in order completed</Message>
    <CompletedTelephoneNumbers>
${numbers}
    </CompletedTelephoneNumbers>
    <LastModifiedDate>2023-09-12T15:11:31.705Z</LastModifiedDate>
</Notification>
`;
}

/** A Telnyx `number_order.complete` webhook for `count` US numbers, built on the real fixture's shape. */
export function telnyxNumberOrder(count: number): string {
  const webhook = JSON.parse(readFileSync(join(EVENTS_DIR, "telnyx/number-order-complete.json"), "utf8"));
  const [first] = webhook.data.payload.phone_numbers;
  webhook.data.payload.phone_numbers = Array.from({ length: count }, (_, i) => ({
    ...first,
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    phone_number: `+1${tenDigits(i)}`,
    country_code: "US",
  }));
  webhook.data.payload.phone_numbers_count = count;
  return JSON.stringify(webhook);
}
