import middy from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { httpErrorResponse } from "../lib/http/errorResponse.ts";
import { toWebhookRequest } from "../lib/http/request.ts";
import type { HttpResponse } from "../lib/http/response.ts";
import { portOutValidationFromEnv } from "../lib/portout/fromEnv.ts";

const validate = portOutValidationFromEnv();

/** POST /bandwidth/v1/portout-validation — Bandwidth asks whether a port-out may proceed; answered now. */
export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(httpErrorResponse({ route: "bandwidth-v1-portout-validation", provider: "bandwidth" }))
  .handler((event) => validate(toWebhookRequest(event)));
