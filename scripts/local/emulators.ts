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
  /** Where the emulators keep their state; in memory only when absent (`LOCAL_PERSIST=off`). */
  dataDir?: string;
}

export type RunningEmulators = EmulatorUrls & { stop(): Promise<void> };

/**
 * The SQS/SNS/S3 emulator and DynamoDB, empty of queues, buckets and tables (the runtime creates
 * those from the template through their APIs), keeping their state under `dataDir` if given.
 */
export async function startEmulators(options: EmulatorOptions): Promise<RunningEmulators> {
  const under = (folder: string) => (options.dataDir ? resolve(options.dataDir, folder) : undefined);
  const sqsDir = under("sqs");
  if (sqsDir) mkdirSync(sqsDir, { recursive: true });
  const emulator = await startLocalEmulator({
    host: options.host,
    port: options.emulatorPort,
    ...(sqsDir ? { dataDir: sqsDir } : {}),
    portVariable: "EMULATOR_PORT",
  });
  const dynamoDbDir = under("dynamodb");
  const dynamoDb = await startLocalDynamoDb({
    host: options.host,
    port: options.dynamoDbPort,
    ...(dynamoDbDir ? { dataDir: dynamoDbDir } : {}),
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
