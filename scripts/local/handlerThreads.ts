import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { HttpResponse } from "../../lib/http/response.ts";
import { logger } from "../../lib/log.ts";
import type { LogSinkOptions } from "./logSink.ts";
import type { RouteSpec } from "./template.ts";
import type { HeapSnapshotFile, ThreadMemory } from "./threadMemory.ts";

/** What each handler thread is started with. */
export interface HandlerThreadData {
  /** The project root the handler files are found from. */
  root: string;
  routes: RouteSpec[];
  recordLevel: "DEBUG" | "INFO";
  /** The thread records its log lines as `npm start`'s sink does on the main thread. */
  logSink: LogSinkOptions;
}

/** What the main thread asks of a handler thread: run a handler, or report on its own isolate. */
export type ThreadRequest =
  | { kind: "invoke"; functionName: string; event: APIGatewayProxyEventV2 }
  | { kind: "memory"; thread: string }
  | { kind: "heapSnapshot"; thread: string; dir: string };

export interface ThreadMessage {
  id: number;
  request: ThreadRequest;
}

/** The answers, by request kind: the handler's response, the isolate's figures, the snapshot written. */
interface Answers {
  invoke: HttpResponse;
  memory: ThreadMemory;
  heapSnapshot: HeapSnapshotFile;
}

export interface ThreadReply {
  id: number;
  value: Answers[ThreadRequest["kind"]];
}

export interface HandlerThreads {
  /** Runs the route's handler on the least busy thread; rejects only if that thread dies meanwhile. */
  invoke(functionName: string, event: APIGatewayProxyEventV2): Promise<HttpResponse>;
  /** Each thread's isolate's figures (`handler-1`, `handler-2`, …), as it reports them itself. */
  memory(): Promise<ThreadMemory[]>;
  /** Each thread writes its heap snapshot into `dir`, in thread order. */
  writeHeapSnapshots(dir: string): Promise<HeapSnapshotFile[]>;
  stop(): Promise<void>;
}

interface Thread {
  worker: Worker;
  /** Whether it has loaded its handlers: one that fails before is not replaced (startup fails). */
  ready: boolean;
  pending: Map<number, { done(value: ThreadReply["value"]): void; fail(error: Error): void }>;
}

/**
 * `count` worker threads (scripts/local/handlerWorker.ts) that run the HTTP routes' handlers while
 * the main thread serves HTTP: the handlers' work (authentication, parsing, compression, the SQS
 * send) then spreads over the machine's cores, where on the main thread it waited its turn. Each
 * thread is one execution environment, as separate Lambda instances are. One that dies (an error
 * escaping a handler) fails its invocations in flight with a 500 and is replaced, as Lambda
 * replaces a crashed instance. Resolves once every thread has loaded its handlers.
 */
export async function startHandlerThreads(count: number, data: HandlerThreadData): Promise<HandlerThreads> {
  let nextId = 0;
  /** Whether startup is over: from then on, a thread's error is logged here. */
  let started = false;
  let stopping = false;
  const start = (): Thread => {
    const thread: Thread = {
      worker: new Worker(new URL("./handlerWorker.ts", import.meta.url), { workerData: data }),
      ready: false,
      pending: new Map(),
    };
    thread.worker.on("message", (message: ThreadReply | "ready") => {
      if (message === "ready") {
        thread.ready = true;
        return;
      }
      thread.pending.get(message.id)?.done(message.value);
      thread.pending.delete(message.id);
    });
    thread.worker.on("error", (error) => {
      // Until startup is over, the error is startup's to report.
      if (started) logger.error("handler thread crashed", { error });
      failPending(thread, error);
    });
    thread.worker.on("exit", (code) => {
      failPending(thread, new Error(`a handler thread exited with ${code}`));
      const index = threads.indexOf(thread);
      if (stopping || index < 0) return;
      // One that never got ready (its handlers fail to load) is not started again: that would loop.
      if (thread.ready) threads[index] = start();
      else threads.splice(index, 1);
    });
    return thread;
  };
  const threads = Array.from({ length: count }, start);
  await Promise.all(
    threads.map(
      ({ worker }) =>
        new Promise<void>((done, fail) => {
          const exited = (code: number) =>
            fail(new Error(`a handler thread exited with ${code} while starting`));
          worker.once("error", fail);
          worker.once("exit", exited);
          worker.once("message", () => {
            worker.off("error", fail);
            worker.off("exit", exited);
            done();
          });
        }),
    ),
  );
  started = true;
  /** Sends `request` to `thread` and resolves with that thread's answer. */
  const ask = <Request extends ThreadRequest>(
    thread: Thread,
    request: Request,
  ): Promise<Answers[Request["kind"]]> => {
    const id = nextId++;
    return new Promise((done, fail) => {
      // The thread answers each kind of request with that kind's answer (scripts/local/handlerWorker.ts).
      thread.pending.set(id, { done: (value) => done(value as Answers[Request["kind"]]), fail });
      thread.worker.postMessage({ id, request } satisfies ThreadMessage);
    });
  };
  return {
    invoke(functionName, event) {
      const [first, ...others] = threads;
      if (!first)
        return Promise.reject(new Error("no handler thread is left: their handlers failed to load"));
      const thread = others.reduce(
        (least, next) => (next.pending.size < least.pending.size ? next : least),
        first,
      );
      return ask(thread, { kind: "invoke", functionName, event });
    },
    memory() {
      return Promise.all(
        threads.map((thread, n) => ask(thread, { kind: "memory", thread: `handler-${n + 1}` })),
      );
    },
    writeHeapSnapshots(dir) {
      return Promise.all(
        threads.map((thread, n) => ask(thread, { kind: "heapSnapshot", thread: `handler-${n + 1}`, dir })),
      );
    },
    async stop() {
      stopping = true;
      await Promise.all(
        threads.map(async ({ worker }) => {
          const exited = once(worker, "exit");
          worker.postMessage("stop");
          await exited;
        }),
      );
    },
  };
}

function failPending(thread: Thread, error: Error): void {
  for (const { fail } of thread.pending.values()) fail(error);
  thread.pending.clear();
}
