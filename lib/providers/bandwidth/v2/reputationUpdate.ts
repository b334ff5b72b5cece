import { createHash } from "node:crypto";
import { buildEvent, type CanonicalEvent } from "../../../event/canonical.ts";
import { redactCredentials } from "../../../event/redact.ts";
import { isoTimeOrNull } from "../../../event/time.ts";
import { isObject, objectOf, stringOf } from "../../../json/parseJsonObject.ts";
import { normalizeNumbers } from "../../../phone.ts";
import { present } from "../../present.ts";
import { BANDWIDTH_CREDENTIAL_FIELDS } from "../credentialFields.ts";

/**
 * The second Subscriptions 2.0 definition, "Number reputation monitoring state changes"
 * (dev.bandwidth.com `docs/account/subscriptions-migration`; `docs/account/subscriptions-2` lists
 * "Monitoring State Change Events"). Bandwidth publishes no body for it yet, so it is recognized by
 * the definition's name anywhere in the envelope or a `monitoring_state_change` event type, and read
 * defensively: the number(s) and the monitoring states, whatever the casing.
 */
export const REPUTATION_DEFINITION = "Number_Reputation_Management_Monitoring_Update";
const STATE_CHANGE = /^monitoring[_ ]?state[_ ]?change/i;

/** Whether a v2 body (no order in it) is a reputation monitoring update. */
export function isReputationUpdate(raw: Record<string, unknown>): boolean {
  const strings = Object.values(raw).filter((value): value is string => typeof value === "string");
  return strings.includes(REPUTATION_DEFINITION) || STATE_CHANGE.test(stringOf(raw, "eventType") ?? "");
}

/**
 * `number.reputation_changed`: the number, its new monitoring state (`providerStatus`) and the
 * previous one. The id covers everything the body says except the subscription id, so a duplicate
 * delivery is one event and two state changes are two.
 */
export function reputationEvent(raw: Record<string, unknown>, receivedAt: string): CanonicalEvent {
  const data = objectOf(raw, "data") ?? raw;
  const { numbers, invalid } = normalizeNumbers(numberTexts(data));
  const state = stringOf(data, "monitoringState") ?? stringOf(data, "state");
  const { subscriptionId, ...change } = raw;
  const eventTime = stringOf(raw, "eventTime");
  return buildEvent({
    id: createHash("sha256")
      .update(stableJson(["bandwidth/v2", change]))
      .digest("hex"),
    source: "bandwidth/v2",
    type: "number.reputation_changed",
    time: isoTimeOrNull(eventTime) ?? receivedAt,
    data: {
      provider: "bandwidth",
      orderId: null,
      orderKind: "number_event",
      providerOrderType: REPUTATION_DEFINITION,
      status: null,
      providerStatus: state,
      phoneNumbers: numbers,
      customerReference: null,
      message: null,
      note: null,
      receivedAt,
      details: redactCredentials(
        present({
          definition: REPUTATION_DEFINITION,
          eventType: stringOf(raw, "eventType"),
          subscriptionId,
          monitoringState: state,
          previousMonitoringState: stringOf(data, "previousMonitoringState"),
          unreadablePhoneNumbers: invalid.length > 0 ? invalid : null,
        }),
        BANDWIDTH_CREDENTIAL_FIELDS,
      ),
      providerPayload: redactCredentials(raw, BANDWIDTH_CREDENTIAL_FIELDS),
    },
  });
}

function numberTexts(data: Record<string, unknown>): string[] {
  const single = stringOf(data, "phoneNumber") ?? stringOf(data, "telephoneNumber");
  const many = data.phoneNumbers;
  return [
    ...(single ? [single] : []),
    ...(Array.isArray(many) ? many.filter((value): value is string => typeof value === "string") : []),
  ];
}

/** JSON with object keys sorted, so the id does not depend on the order Bandwidth wrote them in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (!isObject(value)) return JSON.stringify(value) ?? "null";
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`).join(",")}}`;
}
