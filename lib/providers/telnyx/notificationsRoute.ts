import type { KeyObject } from "node:crypto";
import type { IngestRoute } from "../ingestRoute.ts";
import { normalizeTelnyxEvent } from "./normalizeEvent.ts";
import { verifyTelnyxSignature } from "./signature.ts";

/**
 * `POST /telnyx/notifications`: number-order, porting, port-out and hosted-number webhooks, JSON,
 * signed with Ed25519. Telnyx retries, then tries the failover URL, on anything but 200
 * (docs/providers.md#telnyx-delivery-and-retries), so a queue failure answers 503.
 */
export const telnyxNotificationsRoute: IngestRoute<KeyObject> = {
  name: "telnyx-notifications",
  providerRetries: true,
  // A number_order webhook lists every number of the order with its requirements (telnyx-node
  // `src/resources/number-orders.ts`, `phone_numbers`), about 290 bytes a number: 600 numbers are
  // about 175 KB. Bulk orders reach 10,000 numbers
  // (https://developers.telnyx.com/docs/numbers/phone-numbers/bulk-ordering): more than one queue
  // message can carry once normalized (the event is about 1.4 times the body). 512 KiB (about
  // 1,800 numbers) is the most whose event and raw request still fit one 1 MiB SQS message.
  maxBodyBytes: 512 * 1024,
  contentTypes: ["application/json"],
  authenticate: (request, key, now) => verifyTelnyxSignature(request, key, now),
  normalize: (request) => normalizeTelnyxEvent(request.rawBody, request.receivedAt),
};
