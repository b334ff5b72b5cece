import type { MiddlewareObj } from "@middy/core";
import { GatewayError } from "../errors.ts";
import { logger } from "../log.ts";
import { type HttpResponse, jsonResponse } from "./response.ts";

/**
 * Turns any error into an HTTP answer, in one place. A GatewayError answers with its status and
 * short reason (and headers such as the Basic challenge); anything else is a failure on our side and
 * answers 503, so that a retrying provider retries. Stacks and details go to the log only.
 */
export function toErrorResponse(error: unknown, route: RouteLogKeys = {}): HttpResponse {
  if (error instanceof GatewayError) {
    // A 4xx is the sender's mistake: one short line (DEBUG for Bandwidth's expected challenge probe,
    // which every v1 notification starts with). A 5xx is ours: the whole error with its cause.
    if (error.statusCode >= 500)
      logger.error("request failed", { ...route, status: error.statusCode, reason: error.message, error });
    else
      (error.expected ? logger.debug : logger.info).call(logger, "request rejected", {
        ...route,
        status: error.statusCode,
        reason: error.message,
        errorType: error.name,
      });
    return jsonResponse(error.statusCode, { error: error.expose ? error.message : "error" }, error.headers);
  }
  logger.error("unexpected failure", { ...route, status: 503, error });
  return jsonResponse(503, { error: "temporarily unavailable, try again" });
}

/** Which route answered, on every line about a failed or rejected request (`npm run trace -- --rejected`). */
export interface RouteLogKeys {
  route?: string;
  provider?: string;
}

/** The middy middleware form of {@link toErrorResponse}. */
export function httpErrorResponse(route: RouteLogKeys = {}): MiddlewareObj<unknown, HttpResponse> {
  return {
    onError: async (request) => {
      request.response = toErrorResponse(request.error, route);
    },
  };
}
