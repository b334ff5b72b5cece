import { bandwidthV1NotificationsRoute } from "./bandwidth/v1/notificationsRoute.ts";
import { bandwidthV2NotificationsRoute } from "./bandwidth/v2/notificationsRoute.ts";
import type { IngestRoute } from "./ingestRoute.ts";
import { telnyxNotificationsRoute } from "./telnyx/notificationsRoute.ts";

/** Every ingest route by name, for commands that re-ingest archived requests. */
export const ROUTES: Readonly<Record<string, IngestRoute<never>>> = {
  [bandwidthV1NotificationsRoute.name]: bandwidthV1NotificationsRoute,
  [bandwidthV2NotificationsRoute.name]: bandwidthV2NotificationsRoute,
  [telnyxNotificationsRoute.name]: telnyxNotificationsRoute,
};
