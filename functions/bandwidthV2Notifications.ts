import { webhookHandler } from "../lib/ingest/webhookHandler.ts";
import { bandwidthV2NotificationsRoute } from "../lib/providers/bandwidth/v2/notificationsRoute.ts";
import { bandwidthV2SecretLoader } from "../lib/providers/bandwidth/v2/secret.ts";

/** POST /bandwidth/v2/notifications — Bandwidth Subscriptions 2.0 order-change and note events. */
export const handler = webhookHandler(bandwidthV2NotificationsRoute, bandwidthV2SecretLoader());
