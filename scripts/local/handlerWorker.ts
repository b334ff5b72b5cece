/**
 * A handler thread (scripts/local/handlerThreads.ts): one execution environment for every HTTP route,
 * with module instances of its own (clients, cached secrets, the logger), as each Lambda instance has.
 * It records its log lines as `npm start`'s sink does on the main thread, loads the routes' handlers,
 * says it is ready, then runs each invocation it is sent and posts the answer back; asked, it reports
 * its own isolate's memory or writes its heap snapshot (scripts/local/threadMemory.ts), which the
 * main thread cannot see.
 */
import { parentPort, workerData } from "node:worker_threads";
import { logger } from "../../lib/log.ts";
import type { HandlerThreadData, ThreadMessage, ThreadReply, ThreadRequest } from "./handlerThreads.ts";
import { type HttpHandler, invokeRoute } from "./invokeRoute.ts";
import { loadHandler } from "./loadHandler.ts";
import { installLogSink } from "./logSink.ts";
import type { RouteSpec } from "./template.ts";
import { threadMemory, writeThreadHeapSnapshot } from "./threadMemory.ts";

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
port.on("message", async (message: ThreadMessage | "stop") => {
  if (message === "stop") {
    await sink.close();
    port.close();
    return;
  }
  port.postMessage({ id: message.id, value: await answer(message.request) } satisfies ThreadReply);
});

async function answer(request: ThreadRequest): Promise<ThreadReply["value"]> {
  switch (request.kind) {
    case "memory":
      return threadMemory(request.thread);
    case "heapSnapshot":
      return writeThreadHeapSnapshot(request.thread, request.dir);
    case "invoke": {
      const route = routes.get(request.functionName);
      if (!route) throw new Error(`no route ${request.functionName} on this handler thread`);
      return invokeRoute(route.spec, route.handler, request.event);
    }
  }
}
port.postMessage("ready");
