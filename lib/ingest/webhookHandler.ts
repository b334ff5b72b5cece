import middy from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { httpErrorResponse } from "../http/errorResponse.ts";
import { toWebhookRequest } from "../http/request.ts";
import type { HttpResponse } from "../http/response.ts";
import type { IngestRoute } from "../providers/ingestRoute.ts";
import { createIngestor } from "./ingestor.ts";

/**
 * The Lambda handler of one webhook route: the middy chain (errors → HTTP answers in one place)
 * around the shared ingest pipeline. Built at module scope, so configuration is read at cold start.
 */
export function webhookHandler<Secrets>(route: IngestRoute<Secrets>, loadSecrets: () => Promise<Secrets>) {
  const ingest = createIngestor(route, loadSecrets);
  return (
    middy<APIGatewayProxyEventV2, HttpResponse>()
      // Route names start with their provider (`telnyx-notifications`, `bandwidth-v1-notifications`).
      .use(httpErrorResponse({ route: route.name, provider: route.name.split("-")[0] ?? route.name }))
      .handler((event, context) => ingest(toWebhookRequest(event), context.getRemainingTimeInMillis()))
  );
}
