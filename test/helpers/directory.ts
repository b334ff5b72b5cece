import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type DynamoDb, dynamoDb } from "../../lib/aws/dynamoDb.ts";
import { localClientConfig, localServiceEnvironment } from "../../scripts/local/clientConfig.ts";
import { startLocalDynamoDb } from "../../scripts/local/tables.ts";
import { readServiceTemplate } from "../../scripts/local/template.ts";
import type { RunningRuntime } from "./localRuntime.ts";

const ROOT = resolve(import.meta.dirname, "../..");
export const DIRECTORY_TABLE = "PortoutDirectoryTable";
export const SAMPLE_DIRECTORY = "events/bandwidth/portout-validation/directory.sample.csv";

/**
 * The embedded DynamoDB, in memory, with the tables `serverless.yml` defines (the same code path as
 * `npm start`), and a real SDK client pointed at it, and the functions' own DynamoDB calls (lib/aws/dynamoDb.ts).
 */
export async function startDirectoryDb(): Promise<{
  client: DynamoDBClient;
  dynamoDb: DynamoDb;
  url: string;
  stop(): Promise<void>;
}> {
  const db = await startLocalDynamoDb({
    host: "127.0.0.1",
    port: 0,
    specs: readServiceTemplate(resolve(ROOT, "serverless.yml")).tables,
  });
  const client = new DynamoDBClient(localClientConfig(db.url));
  return {
    client,
    dynamoDb: dynamoDb(localServiceEnvironment("dynamodb", db.url)),
    url: db.url,
    async stop() {
      client.destroy();
      await db.stop();
    },
  };
}

/** Runs `npm run directory -- import <sample>` against a running local runtime's embedded DynamoDB. */
export function importSampleDirectory(runtime: RunningRuntime): Promise<string> {
  return directoryCli(runtime, ["import", SAMPLE_DIRECTORY]);
}

/** Runs `npm run directory -- <args>` against a running local runtime's DynamoDB and queues; returns its output. */
export async function directoryCli(runtime: RunningRuntime, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ["scripts/cli/directory.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...runtime.cliEnv },
  });
  return stdout;
}
