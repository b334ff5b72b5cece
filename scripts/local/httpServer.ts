import { createServer, type Server } from "node:http";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import type { HttpResponse } from "../../lib/http/response.ts";
import { logger } from "../../lib/log.ts";
import { apiGatewayEvent } from "./apiGatewayEvent.ts";
import { lambdaContext } from "./lambdaContext.ts";
import { recordStage } from "./stageTimings.ts";
import type { RouteSpec } from "./template.ts";

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;

export interface BoundRoute {
  spec: RouteSpec;
  handler: HttpHandler;
}

/** API Gateway HTTP API's own payload limit. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/** Serves the template's routes through their real handlers, as API Gateway + Lambda would. */
export function createHttpServer(routes: readonly BoundRoute[]): Server {
  const byKey = new Map(routes.map((route) => [`${route.spec.method} ${route.spec.path}`, route]));
  return createServer(async (req, res) => {
    const started = performance.now();
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const route = byKey.get(`${req.method} ${path}`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_REQUEST_BYTES) {
        res
          .writeHead(413, { "content-type": "application/json" })
          .end('{"message":"Request Entity Too Large"}');
        return;
      }
      chunks.push(chunk as Buffer);
    }
    if (!route) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"message":"Not Found"}');
      return;
    }
    try {
      const event = apiGatewayEvent(
        req.method ?? "POST",
        path,
        req.headers,
        Buffer.concat(chunks),
        req.socket.remoteAddress ?? "",
      );
      const result = await route.handler(
        event,
        lambdaContext(route.spec.functionName, route.spec.timeoutSeconds),
      );
      const body = result.isBase64Encoded ? Buffer.from(result.body ?? "", "base64") : (result.body ?? "");
      res.writeHead(result.statusCode, result.headers as Record<string, string> | undefined).end(body);
      recordStage(`http:${route.spec.functionName}`, performance.now() - started);
    } catch (error) {
      // What API Gateway answers when the function itself fails.
      logger.error("handler crashed", { route: route.spec.functionName, error });
      res.writeHead(500, { "content-type": "application/json" }).end('{"message":"Internal Server Error"}');
    }
  });
}
