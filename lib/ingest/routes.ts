import { bandwidthV1NotificationsRoute } from "../providers/bandwidth/v1/notificationsRoute.ts";
import type { IngestRoute } from "./route.ts";

/** Every ingest route by name, for commands that re-ingest archived requests. */
export const ROUTES: Readonly<Record<string, IngestRoute<never>>> = {
  [bandwidthV1NotificationsRoute.name]: bandwidthV1NotificationsRoute,
};
