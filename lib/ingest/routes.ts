import { bandwidthV1NotificationsRoute } from "../providers/bandwidth/v1/notificationsRoute.ts";
import { bandwidthV2NotificationsRoute } from "../providers/bandwidth/v2/notificationsRoute.ts";
import { telnyxNotificationsRoute } from "../providers/telnyx/notificationsRoute.ts";
import type { IngestRoute } from "./route.ts";

/** Every ingest route by name, for commands that re-ingest archived requests. */
export const ROUTES: Readonly<Record<string, IngestRoute<never>>> = {
  [bandwidthV1NotificationsRoute.name]: bandwidthV1NotificationsRoute,
  [bandwidthV2NotificationsRoute.name]: bandwidthV2NotificationsRoute,
  [telnyxNotificationsRoute.name]: telnyxNotificationsRoute,
};
