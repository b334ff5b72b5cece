/**
 * A handler thread (scripts/local/handlerThreads.ts): one execution environment for every HTTP route,
 * with module instances of its own (clients, cached secrets, the logger), as each Lambda instance has.
 * It records its log lines as `npm start`'s sink does on the main thread, loads the routes' handlers,
 * says it is ready, then runs each invocation it is sent and posts the answer back.
 */
import { parentPort, workerData } from "node:worker_threads";
import { logger } from "../../lib/log.ts";
import type { HandlerThreadData, Invocation, InvocationResult } from "./handlerThreads.ts";
import { type HttpHandler, invokeRoute } from "./invokeRoute.ts";
import { loadHandler } from "./loadHandler.ts";
import { installLogSink } from "./logSink.ts";
import type { RouteSpec } from "./template.ts";

const port = parentPort;
if (!port) throw new Error("scripts/local/handlerWorker.ts runs as a worker thread only");
const data = workerData as HandlerThreadData;
// The logger writes through the global console (LOG_TO_CONSOLE), whose methods the sink replaces.
const sink = installLogSink(data.logSink);
logger.setLogLevel(data.recordLevel);
const routes = new Map<string, { spec: RouteSpec; handler: HttpHandler }>();
for (const spec of data.routes) {
  routes.set(spec.functionName, { spec, handler: await loadHandler<HttpHandler>(data.root, spec.handler) });
}
port.on("message", async (message: Invocation | "stop") => {
  if (message === "stop") {
    await sink.close();
    port.close();
    return;
  }
  const route = routes.get(message.functionName);
  if (!route) throw new Error(`no route ${message.functionName} on this handler thread`);
  const result = await invokeRoute(route.spec, route.handler, message.event);
  port.postMessage({ id: message.id, result } satisfies InvocationResult);
});
port.postMessage("ready");
