import { webhookHandler } from "../lib/ingest/webhookHandler.ts";
import { bandwidthV2CredentialsLoader } from "../lib/providers/bandwidth/v2/credentials.ts";
import { configuredBandwidthV2Route } from "../lib/providers/bandwidth/v2/notificationsRoute.ts";

/** POST /bandwidth/v2/notifications — Bandwidth Subscriptions 2.0 events (HMAC, and Basic when configured). */
export const handler = webhookHandler(configuredBandwidthV2Route(), bandwidthV2CredentialsLoader());
