import middy from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { httpErrorResponse } from "../lib/http/errorResponse.ts";
import { toWebhookRequest } from "../lib/http/request.ts";
import type { HttpResponse } from "../lib/http/response.ts";
import { createIngestor } from "../lib/ingest/ingestor.ts";
import { loadBandwidthCredentials } from "../lib/providers/bandwidth/v1/credentials.ts";
import { bandwidthV1NotificationsRoute } from "../lib/providers/bandwidth/v1/notificationsRoute.ts";

const ingest = createIngestor(bandwidthV1NotificationsRoute, loadBandwidthCredentials);

/** POST /bandwidth/v1/notifications — Bandwidth v1 order and event notifications. */
export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(httpErrorResponse())
  .handler((event, context) => ingest(toWebhookRequest(event), context.getRemainingTimeInMillis()));
