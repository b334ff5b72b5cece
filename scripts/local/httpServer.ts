import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { HttpResponse } from "../../lib/http/response.ts";
import { logger } from "../../lib/log.ts";
import type { InstanceInfo } from "../simulate/landing.ts";
import { apiGatewayEvent } from "./apiGatewayEvent.ts";
import type { ProcessMemory } from "./processMemory.ts";
import { recordStage } from "./stageTimings.ts";
import type { RouteSpec } from "./template.ts";

export interface BoundRoute {
  spec: RouteSpec;
  /** Runs the route's handler on this event, here or on a handler thread (scripts/local/handlerThreads.ts). */
  invoke(event: APIGatewayProxyEventV2): Promise<HttpResponse>;
}

/** Pages only the local runtime serves (the console); answers true when it took the request. */
export type LocalPages = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;

/** API Gateway HTTP API's own payload limit. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/** What the local runtime serves beside the template's routes, set once its parts are up. */
export interface LocalExtras {
  /** `GET /_local/instance`: this instance's data folder and events file, for the local tools. */
  instance?: InstanceInfo;
  /** The console's pages. */
  pages?: LocalPages;
  /**
   * `GET /_local/memory` (each thread's isolate, for the soak) and `POST /_local/heap-snapshots`
   * (every thread writes its heap snapshot into the data folder; answers where).
   */
  memory?: ProcessMemory;
}

/**
 * Serves the template's routes through their real handlers, as API Gateway + Lambda would, and the
 * local-only extras (never deployed). `routes` and `extras` are read per request, so the server can
 * listen (and know its URL) before the handlers are loaded.
 */
export function createHttpServer(routes: readonly BoundRoute[], extras: LocalExtras): Server {
  return createServer(async (req, res) => {
    const started = performance.now();
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method === "GET" && path === "/_local/instance" && extras.instance) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(extras.instance));
      return;
    }
    if (
      extras.memory &&
      path.startsWith("/_local/") &&
      (await answerMemory(extras.memory, req.method, path, res))
    )
      return;
    if (extras.pages && (await extras.pages(req, res, path))) return;
    const route = routes.find(({ spec }) => spec.method === req.method && spec.path === path);
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
      const result = await route.invoke(event);
      const body = result.isBase64Encoded ? Buffer.from(result.body ?? "", "base64") : (result.body ?? "");
      res.writeHead(result.statusCode, result.headers as Record<string, string> | undefined).end(body);
      recordStage(`http:${route.spec.functionName}`, performance.now() - started);
    } catch (error) {
      // The handler's own failures are answered by invokeRoute; this is its thread failing under it.
      logger.error("handler thread failed", { route: route.spec.functionName, error });
      res.writeHead(500, { "content-type": "application/json" }).end('{"message":"Internal Server Error"}');
    }
  });
}

/** The memory extras' two routes; answers false for any other request. */
async function answerMemory(
  memory: ProcessMemory,
  method: string | undefined,
  path: string,
  res: ServerResponse,
): Promise<boolean> {
  const answer =
    method === "GET" && path === "/_local/memory"
      ? await memory.report()
      : method === "POST" && path === "/_local/heap-snapshots"
        ? await memory.writeHeapSnapshots()
        : undefined;
  if (answer === undefined) return false;
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
  return true;
}
