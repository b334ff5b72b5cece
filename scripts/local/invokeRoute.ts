import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { type HttpResponse, jsonResponse } from "../../lib/http/response.ts";
import { logger } from "../../lib/log.ts";
import { lambdaContext } from "./lambdaContext.ts";
import type { RouteSpec } from "./template.ts";

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;

/**
 * One invocation of a route's handler, as Lambda runs it: with a context whose deadline is the
 * function's timeout; a handler that throws is logged and answered 500, as API Gateway does.
 */
export async function invokeRoute(
  spec: RouteSpec,
  handler: HttpHandler,
  event: APIGatewayProxyEventV2,
): Promise<HttpResponse> {
  try {
    return await handler(event, lambdaContext(spec.functionName, spec.timeoutSeconds));
  } catch (error) {
    logger.error("handler crashed", { route: spec.functionName, error });
    // What API Gateway answers when the function itself fails.
    return jsonResponse(500, { message: "Internal Server Error" });
  }
}
