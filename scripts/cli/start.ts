/**
 * `npm start`: the whole pipeline on this machine — HTTP ingest → embedded SQS → fan-out →
 * destinations — with the same handlers and routes as the AWS deployment. Every local service
 * listens on `HOST` only (127.0.0.1 by default): none of them asks for credentials.
 * `LOG_FORMAT=json` prints the log lines as Lambda writes them; the default is one short line each.
 * With `EMULATOR_URL` and `DYNAMODB_URL` (printed by `npm run emulators`) it uses those emulators,
 * running in their own process, instead of starting its own; `LOCAL_NAME_PREFIX` (scripts/local/names.ts)
 * then keeps its queues, buckets and tables apart from another `npm start`'s there. `LOCAL_CONSUMERS=off` answers and
 * queues webhooks but runs no consumer: events stay on the events queue. `LOCAL_HANDLER_THREADS`
 * worker threads run the HTTP routes' handlers (`0`: on the main thread; default: the cores beyond two).
 */
import { mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { intEnv } from "../../lib/config/env.ts";
import { claimDataDir } from "../local/instanceLock.ts";
import { assertPortsFree } from "../local/listen.ts";
import { installLogSink } from "../local/logSink.ts";
import {
  emulatorPorts,
  LOCAL_PORTS,
  localDataDir,
  localHost,
  localNamePrefix,
  localPersist,
  localPort,
} from "../local/names.ts";
import { recordsFileIn, rotateRecords } from "../local/recordsFile.ts";
import { runCommand, UsageError } from "./command.ts";

const root = resolve(import.meta.dirname, "../..");

await runCommand("start", async () => {
  const { EMULATOR_URL, DYNAMODB_URL } = process.env;
  if (Boolean(EMULATOR_URL) !== Boolean(DYNAMODB_URL))
    throw new UsageError(
      "set both EMULATOR_URL and DYNAMODB_URL (npm run emulators prints them), or neither",
    );
  const consumers = process.env.LOCAL_CONSUMERS ?? "on";
  if (consumers !== "on" && consumers !== "off")
    throw new UsageError('LOCAL_CONSUMERS must be "on" or "off"');
  const format = process.env.LOG_FORMAT ?? "pretty";
  if (format !== "pretty" && format !== "json") throw new UsageError('LOG_FORMAT must be "pretty" or "json"');
  const handlerThreads = Number(process.env.LOCAL_HANDLER_THREADS ?? defaultHandlerThreads());
  if (!Number.isInteger(handlerThreads) || handlerThreads < 0)
    throw new UsageError("LOCAL_HANDLER_THREADS must be a whole number (0: handlers on the main thread)");
  const namePrefix = localNamePrefix();
  const persist = localPersist();
  const host = localHost();
  const ports = {
    PORT: localPort("PORT", 3000),
    // Emulators given (EMULATOR_URL) are another process's: their ports are not this one's to take.
    ...(EMULATOR_URL ? {} : emulatorPorts()),
    BANDWIDTH_API_PORT: localPort("BANDWIDTH_API_PORT", LOCAL_PORTS.BANDWIDTH_API_PORT),
    FIREHOSE_PORT: localPort("FIREHOSE_PORT", LOCAL_PORTS.FIREHOSE_PORT),
  };
  const dataDir = localDataDir();
  mkdirSync(dataDir, { recursive: true });
  const release = claimDataDir(dataDir);
  // After the folder's lock, whose message (another npm start holds this folder) says more.
  await assertPortsFree(host, ports).catch((error: unknown) => {
    release();
    throw error;
  });
  const recordsFile = recordsFileIn(dataDir);
  // Before any line is written to it (each handler thread appends to the same file).
  rotateRecords(recordsFile);
  // The logger (lib/log.ts) must see LOG_TO_CONSOLE when it is built, so the runtime, which
  // imports it, is loaded only now; its lines then reach the sink through the global console.
  process.env.LOG_TO_CONSOLE = "true";
  const userLevel = process.env.LOG_LEVEL;
  const sinkOptions = {
    recordsFile,
    format,
    printLevel: userLevel ?? (format === "pretty" ? "INFO" : "WARN"),
  } as const;
  const sink = installLogSink(sinkOptions);
  const { startLocalRuntime } = await import("../local/runtime.ts");
  const { banner } = await import("./banner.ts");
  let runtime: Awaited<ReturnType<typeof startLocalRuntime>>;
  try {
    runtime = await startLocalRuntime({
      root,
      host,
      port: ports.PORT,
      emulatorPort: ports.EMULATOR_PORT ?? 0,
      dynamoDbPort: ports.DYNAMODB_PORT ?? 0,
      bandwidthApiPort: ports.BANDWIDTH_API_PORT,
      firehosePort: ports.FIREHOSE_PORT,
      dataDir,
      namePrefix,
      persist,
      retryDelaySeconds: intEnv("LOCAL_RETRY_SECONDS", 5),
      holdSeconds: intEnv("LOCAL_HOLD_SECONDS", 20),
      scheduleSeconds: intEnv("LOCAL_SCHEDULE_SECONDS", 30),
      consumers: consumers === "on",
      recordLevel: userLevel === "DEBUG" ? "DEBUG" : "INFO",
      ...(handlerThreads > 0 ? { handlerThreads: { count: handlerThreads, logSink: sinkOptions } } : {}),
      ...(EMULATOR_URL && DYNAMODB_URL
        ? { emulators: { emulatorUrl: EMULATOR_URL, dynamoDbUrl: DYNAMODB_URL } }
        : {}),
    });
  } catch (error) {
    release();
    await sink.close();
    throw error;
  }
  if (consumers === "off")
    console.log("LOCAL_CONSUMERS=off: no consumer runs; queued events stay on the events queue");
  if (handlerThreads > 0)
    console.log(`LOCAL_HANDLER_THREADS=${handlerThreads}: the HTTP routes' handlers run on worker threads`);
  console.log(banner(runtime, dataDir));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, async () => {
      await runtime.stop();
      await sink.close();
      release();
      process.exit(0);
    });
  }
  return undefined;
});

/**
 * Handler threads get the cores left once this thread (HTTP) and the emulators' thread have one
 * each: none on 2 cores, where `npm run bench` (HTTP rate) measured 2 threads at 0.39–0.45× the
 * queue's raw rate against 0.58–0.70× on the main thread: each request then waits for three threads
 * to be scheduled instead of one, on cores that were already full.
 */
function defaultHandlerThreads(): number {
  return Math.max(0, availableParallelism() - 2);
}
