import type { KeyObject } from "node:crypto";
import type { IngestRoute } from "../../ingest/route.ts";
import { normalizeTelnyxEvent } from "./normalizeEvent.ts";
import { verifyTelnyxSignature } from "./signature.ts";

/**
 * `POST /telnyx/notifications`: number-order, porting, port-out and hosted-number webhooks, JSON,
 * signed with Ed25519. Telnyx retries, then tries the failover URL, on anything but 200
 * (providers.md §6.5), so a queue failure answers 503.
 */
export const telnyxNotificationsRoute: IngestRoute<KeyObject> = {
  name: "telnyx-notifications",
  providerRetries: true,
  contentTypes: ["application/json"],
  authenticate: (request, key, now) => verifyTelnyxSignature(request, key, now),
  normalize: (request) => normalizeTelnyxEvent(request.rawBody, request.receivedAt),
};
