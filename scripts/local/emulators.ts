import { once } from "node:events";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { startLocalEmulator } from "./emulator.ts";
import { startLocalDynamoDb } from "./tables.ts";

/** Where the local pipeline's emulators listen: its own process's, or another's (`npm run emulators`). */
export interface EmulatorUrls {
  /** fauxqs: SQS, SNS and S3. */
  emulatorUrl: string;
  /** dynalite: DynamoDB. */
  dynamoDbUrl: string;
}

export interface EmulatorOptions {
  host: string;
  emulatorPort: number;
  dynamoDbPort: number;
  dataDir: string;
}

export type RunningEmulators = EmulatorUrls & { stop(): Promise<void> };

/**
 * The SQS/SNS/S3 emulator and DynamoDB, empty of queues, buckets and tables (the runtime creates
 * those from the template through their APIs), keeping their state under `dataDir`.
 */
export async function startEmulators(options: EmulatorOptions): Promise<RunningEmulators> {
  mkdirSync(resolve(options.dataDir, "sqs"), { recursive: true });
  const emulator = await startLocalEmulator({
    host: options.host,
    port: options.emulatorPort,
    dataDir: resolve(options.dataDir, "sqs"),
    portVariable: "EMULATOR_PORT",
  });
  const dynamoDb = await startLocalDynamoDb({
    host: options.host,
    port: options.dynamoDbPort,
    dataDir: resolve(options.dataDir, "dynamodb"),
    specs: [],
  });
  return {
    emulatorUrl: emulator.address,
    dynamoDbUrl: dynamoDb.url,
    async stop() {
      await emulator.stop();
      await dynamoDb.stop();
    },
  };
}

/**
 * {@link startEmulators} on a worker thread of this process: `npm start`'s embedded emulators, so
 * they answer on an event loop (and a core) of their own instead of taking turns with the handlers
 * that call them. An error that escapes them ends the process, as it did when they shared its thread.
 */
export async function startEmulatorsThread(options: EmulatorOptions): Promise<RunningEmulators> {
  const worker = new Worker(new URL("./emulatorsThread.ts", import.meta.url), { workerData: options });
  const urls = await new Promise<EmulatorUrls>((done, fail) => {
    worker.once("message", done);
    worker.once("error", fail);
  });
  worker.removeAllListeners("error");
  worker.on("error", (error) => {
    throw error;
  });
  return {
    ...urls,
    async stop() {
      const exited = once(worker, "exit");
      worker.postMessage("stop");
      await exited;
    },
  };
}
