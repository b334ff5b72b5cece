import { webhookHandler } from "../lib/ingest/webhookHandler.ts";
import { loadBandwidthCredentials } from "../lib/providers/bandwidth/v1/credentials.ts";
import { bandwidthV1NotificationsRoute } from "../lib/providers/bandwidth/v1/notificationsRoute.ts";

/** POST /bandwidth/v1/notifications — Bandwidth v1 order and event notifications. */
export const handler = webhookHandler(bandwidthV1NotificationsRoute, loadBandwidthCredentials);
