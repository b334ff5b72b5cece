import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { createS3Client } from "../../lib/aws/s3Client.ts";
import { loadDestinations } from "../../lib/destinations/config.ts";
import type { FileDestinationConfig } from "../../lib/destinations/file.ts";
import { logger } from "../../lib/log.ts";
import { consoleHandler } from "../console/consoleApi.ts";
import { startLocalBandwidthApi } from "../standin/bandwidth/local.ts";
import { startLocalFirehose } from "../standin/firehose/local.ts";
import { localClientConfig } from "./clientConfig.ts";
import type { EmulatorUrls } from "./emulators.ts";
import { startEmulatorsThread } from "./emulatorsThread.ts";
import { localEnvironment } from "./environment.ts";
import { startHandlerThreads } from "./handlerThreads.ts";
import { type BoundRoute, createHttpServer, type LocalExtras } from "./httpServer.ts";
import { type HttpHandler, invokeRoute } from "./invokeRoute.ts";
import { listen } from "./listen.ts";
import { loadHandler } from "./loadHandler.ts";
import type { LogSinkOptions } from "./logSink.ts";
import { localName } from "./names.ts";
import { processMemory } from "./processMemory.ts";
import { createQueues, type LocalQueue } from "./queues.ts";
import { recordsFileIn } from "./recordsFile.ts";
import { type ScheduledHandler, startSchedule } from "./schedule.ts";
import { type SqsHandler, startPoller } from "./sqsPoller.ts";
import { createTables, type LocalTable } from "./tables.ts";
import { readServiceTemplateCached } from "./templateCache.ts";

export interface LocalRuntimeOptions {
  /** The project root: where serverless.yml and functions/ are. */
  root: string;
  /** The one interface every local service listens on (127.0.0.1 by default: nothing is authenticated). */
  host: string;
  port: number;
  emulatorPort: number;
  /** The embedded DynamoDB's port (0: any free port). */
  dynamoDbPort: number;
  /** The Bandwidth Dashboard API stand-in's port (0: any free port). */
  bandwidthApiPort: number;
  /** The Firehose stand-in's port (0: any free port). */
  firehosePort: number;
  /** Where the emulator keeps its state and the default destination writes: survives restarts. */
  dataDir: string;
  /** Whether the embedded emulators keep their state under `dataDir` (`LOCAL_PERSIST`), or in memory only. */
  persist: boolean;
  /**
   * Put before every queue, bucket and table name (scripts/local/names.ts; empty: the logical ids),
   * so runtimes sharing one `emulators` process see only their own.
   */
  namePrefix: string;
  retryDelaySeconds: number;
  /**
   * Seconds an SQS consumer's batch stays hidden after its invocation stopped without settling it
   * (a crash): it is kept hidden while its handler runs (scripts/local/sqsPoller.ts), so this only
   * decides how soon a killed runtime's batches come back. In AWS that is the queue's visibility
   * timeout (minutes); locally seconds, so a restart picks them up soon.
   */
  holdSeconds: number;
  /** Locally, scheduled functions run at most this many seconds apart (in AWS: their `rate`). */
  scheduleSeconds: number;
  /**
   * Whether the template's SQS consumers (fan-out, deliver) run. Off, webhooks are still answered and
   * queued but stay on the events queue (scheduled functions still run): what `npm run bench`
   * measures as the ingest endpoint alone, and a way to look at what ingest queued.
   */
  consumers: boolean;
  /** The logger's level: INFO at least, so the lines `npm run trace` reads are always written. */
  recordLevel: "DEBUG" | "INFO";
  /**
   * Emulators already running in another process (`npm run emulators`), used instead of starting
   * them here: then this process holds the handlers alone (the soak measures it that way).
   */
  emulators?: EmulatorUrls;
  /**
   * Worker threads that run the HTTP routes' handlers (scripts/local/handlerThreads.ts), each
   * recording its log lines through a sink like this process's; absent, they run on the main thread.
   */
  handlerThreads?: { count: number; logSink: LogSinkOptions };
}

export interface LocalRuntime {
  url: string;
  emulatorUrl: string;
  dynamoDbUrl: string;
  /** The Bandwidth Dashboard API stand-in (`BANDWIDTH_API_URL`), ending in `/api`. */
  bandwidthApiUrl: string;
  /** The Firehose stand-in (`AWS_ENDPOINT_URL_FIREHOSE`) the raw archive goes through. */
  firehoseUrl: string;
  routes: { method: string; path: string }[];
  queues: ReadonlyMap<string, LocalQueue>;
  tables: ReadonlyMap<string, LocalTable>;
  /** `LOCAL_NAME_PREFIX`: what every local resource name here starts with (empty: none). */
  namePrefix: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The whole pipeline in one process (emulators included, on a thread of their own, unless `emulators`
 * are given): the SQS emulator with the template's queues, buckets and tables, every HTTP route of
 * serverless.yml served through its handler, and every SQS consumer fed from its queue.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const template = await readServiceTemplateCached(
    resolve(options.root, "serverless.yml"),
    resolve(options.root, "node_modules/.cache/neg-service-template"),
  );
  // Listening first gives the API's URL, which some functions get as a variable (the callback URL).
  const routes: BoundRoute[] = [];
  const extras: LocalExtras = {};
  const server = createHttpServer(routes, extras);
  await listen(server, options.port, options.host, "PORT");
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host}:${port}`;
  // Emulators given are another process's: stopping the runtime leaves them running.
  const emulators = options.emulators
    ? { ...options.emulators, stop: async () => {} }
    : await startEmulatorsThread({
        host: options.host,
        emulatorPort: options.emulatorPort,
        dynamoDbPort: options.dynamoDbPort,
        ...(options.persist ? { dataDir: options.dataDir } : {}),
      });
  const { emulatorUrl, dynamoDbUrl } = emulators;
  const client = new SQSClient({ ...localClientConfig(emulatorUrl), useQueueUrlAsEndpoint: false });
  const queues = await createQueues(client, template.queues, options.namePrefix);
  const tables = await createTables(dynamoDbUrl, template.tables, options.namePrefix);
  const bandwidthApi = await startLocalBandwidthApi(options.host, options.bandwidthApiPort);
  const buckets = new Map(
    template.buckets.map((logicalId) => [logicalId, localName(logicalId, "bucket", options.namePrefix)]),
  );
  const s3 = new S3Client({ ...localClientConfig(emulatorUrl), forcePathStyle: true });
  for (const name of buckets.values()) await s3.send(new CreateBucketCommand({ Bucket: name }));
  s3.destroy();
  const firehose = await startLocalFirehose({
    host: options.host,
    port: options.firehosePort,
    emulatorUrl,
    streams: template.deliveryStreams,
    buckets,
  });
  const env = localEnvironment({
    userEnv: process.env,
    templateEnv: template.environment,
    queues,
    tables,
    buckets,
    deliveryStreams: new Set(template.deliveryStreams.map((stream) => stream.logicalId)),
    emulatorUrl,
    firehoseUrl: firehose.url,
    dynamoDbUrl,
    dataDir: resolve(options.dataDir),
    apiUrl: url,
    bandwidthApiUrl: bandwidthApi.url,
  });
  Object.assign(process.env, env);
  logger.setLogLevel(options.recordLevel);

  const threads = options.handlerThreads
    ? await startHandlerThreads(options.handlerThreads.count, {
        root: options.root,
        routes: template.routes,
        recordLevel: options.recordLevel,
        logSink: options.handlerThreads.logSink,
      })
    : undefined;
  for (const spec of template.routes) {
    if (threads) {
      routes.push({ spec, invoke: (event) => threads.invoke(spec.functionName, event) });
    } else {
      const handler = await loadHandler<HttpHandler>(options.root, spec.handler);
      routes.push({ spec, invoke: (event) => invokeRoute(spec, handler, event) });
    }
  }
  const pollers: { stop(): Promise<void> }[] = [];
  for (const consumer of options.consumers ? template.consumers : []) {
    const queue = queues.get(consumer.queue);
    if (!queue)
      throw new Error(`serverless.yml: ${consumer.functionName} consumes unknown queue ${consumer.queue}`);
    pollers.push(
      startPoller({
        client,
        queue,
        functionName: consumer.functionName,
        handler: await loadHandler<SqsHandler>(options.root, consumer.handler),
        batchSize: consumer.batchSize,
        // The function's own timeout, as in Lambda: the batch stays hidden for as long as the handler
        // runs, however long that is, and comes back `holdSeconds` after a crash.
        timeoutSeconds: consumer.timeoutSeconds,
        holdSeconds: options.holdSeconds,
        // A handler that schedules its own retries keeps its delay, as in Lambda.
        retryDelaySeconds: consumer.managesVisibility ? undefined : options.retryDelaySeconds,
      }),
    );
  }
  for (const schedule of template.schedules) {
    const handler = await loadHandler<ScheduledHandler>(options.root, schedule.handler);
    const everySeconds = Math.min(schedule.everySeconds, options.scheduleSeconds);
    pollers.push(startSchedule(schedule.functionName, everySeconds, handler, schedule.timeoutSeconds));
  }
  const destinations = loadDestinations(env.DESTINATIONS);
  const fileConfig = destinations
    .map(({ config }) => config)
    .find((config): config is FileDestinationConfig => config.type === "file");
  extras.instance = {
    pid: process.pid,
    dataDir: resolve(options.dataDir),
    eventsFile: fileConfig ? fileConfig.path : null,
  };
  extras.memory = processMemory(threads, join(options.dataDir, "heap-snapshots"));
  extras.pages = consoleHandler({
    recordsFile: recordsFileIn(options.dataDir),
    destinations,
    sqs: client,
    s3: createS3Client(),
    archiveBucket: bucketOf(buckets, "ArchiveBucket"),
    deliveriesQueueUrl: queueUrlOf(queues, "DeliveriesQueue"),
    deadLetterQueueUrl: queueUrlOf(queues, "DeliveryDeadLetterQueue"),
  });
  return {
    url,
    emulatorUrl,
    dynamoDbUrl,
    bandwidthApiUrl: bandwidthApi.url,
    firehoseUrl: firehose.url,
    routes: template.routes.map(({ method, path }) => ({ method, path })),
    queues,
    tables,
    namePrefix: options.namePrefix,
    env,
    async stop() {
      await new Promise((done) => server.close(done));
      await threads?.stop();
      await Promise.all(pollers.map((poller) => poller.stop()));
      // Before the emulators: what the stand-in still buffers is written to their S3.
      await firehose.close();
      client.destroy();
      await emulators.stop();
      await bandwidthApi.close();
    },
  };
}

function bucketOf(buckets: ReadonlyMap<string, string>, logicalId: string): string {
  const bucket = buckets.get(logicalId);
  if (!bucket) throw new Error(`serverless.yml has no ${logicalId}: the console needs it`);
  return bucket;
}

function queueUrlOf(queues: ReadonlyMap<string, LocalQueue>, logicalId: string): string {
  const queue = queues.get(logicalId);
  if (!queue) throw new Error(`serverless.yml has no ${logicalId}: the console needs it`);
  return queue.url;
}
