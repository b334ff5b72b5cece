import { buildEvent, type CanonicalEvent } from "../../event/canonical.ts";
import { eventIdOf } from "../../event/eventId.ts";
import { redactCredentials } from "../../event/redact.ts";
import { isoTimeOrNull } from "../../event/time.ts";
import { stringOf } from "../../json/parseJsonObject.ts";
import { present } from "../present.ts";
import { TELNYX_CREDENTIAL_FIELDS } from "./credentialFields.ts";
import { factsOf, type TelnyxFacts } from "./facts.ts";
import { hostedNumberOrderFacts, isHostedNumberOrderEvent } from "./hostedNumberOrder.ts";
import { numberOrderFacts } from "./numberOrder.ts";
import { parseEnvelope, type TelnyxEnvelope } from "./parseEnvelope.ts";
import { portingOrderFacts } from "./portingOrder.ts";
import { portoutFacts } from "./portout.ts";

/**
 * Normalizes a Telnyx webhook body into the canonical event. Pure: bytes and the receive time in.
 * The id is Telnyx's event id, so a redelivery (Telnyx retries, then tries the failover URL) gets the
 * same id. An event type not known yet is kept as `telnyx.unrecognized`, never dropped. Credentials
 * (`attempted_pin`, …) are redacted from `details` and `providerPayload`.
 */
export function normalizeTelnyxEvent(body: Buffer, receivedAt: string): CanonicalEvent {
  const envelope = parseEnvelope(body);
  const facts = factsFor(envelope);
  return buildEvent({
    id: eventIdOf(envelope.id),
    source: "telnyx",
    type: facts.type,
    time: isoTimeOrNull(envelope.occurredAt) ?? receivedAt,
    data: {
      provider: "telnyx",
      orderId: facts.orderId,
      orderKind: facts.orderKind,
      providerOrderType: facts.providerOrderType,
      status: facts.status,
      providerStatus: facts.providerStatus,
      phoneNumbers: facts.phoneNumbers,
      ...(facts.numberResults.length > 0 ? { numberResults: facts.numberResults } : {}),
      customerReference: facts.customerReference,
      message: facts.message,
      note: facts.note,
      receivedAt,
      details: redactCredentials(
        {
          ...present({
            eventType: envelope.eventType,
            envelope: envelope.shape,
            deliveryAttempt: envelope.attempt,
          }),
          ...facts.details,
        },
        TELNYX_CREDENTIAL_FIELDS,
      ),
      providerPayload: redactCredentials(envelope.raw, TELNYX_CREDENTIAL_FIELDS),
    },
  });
}

function factsFor(envelope: TelnyxEnvelope): TelnyxFacts {
  const { eventType, payload } = envelope;
  if (eventType.startsWith("number_order.")) return numberOrderFacts(eventType, payload);
  if (eventType.startsWith("porting_order.")) return portingOrderFacts(envelope);
  if (eventType.startsWith("portout.")) return portoutFacts(eventType, payload);
  if (isHostedNumberOrderEvent(eventType)) return hostedNumberOrderFacts(eventType, payload);
  return factsOf({
    type: "telnyx.unrecognized",
    orderKind: "unknown",
    providerOrderType: stringOf(payload, "record_type"),
    orderId: stringOf(payload, "id"),
  });
}
