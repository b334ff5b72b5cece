import { webhookHandler } from "../lib/ingest/webhookHandler.ts";
import { telnyxNotificationsRoute } from "../lib/providers/telnyx/notificationsRoute.ts";
import { telnyxPublicKeyLoader } from "../lib/providers/telnyx/publicKey.ts";

/** POST /telnyx/notifications — Telnyx number-order, porting, port-out and hosted-number webhooks. */
export const handler = webhookHandler(telnyxNotificationsRoute, telnyxPublicKeyLoader());
