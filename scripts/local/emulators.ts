import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
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
