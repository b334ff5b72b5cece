import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import {
  type AttributeDefinition,
  CreateTableCommand,
  DynamoDBClient,
  type KeySchemaElement,
  ResourceInUseException,
} from "@aws-sdk/client-dynamodb";
import { localClientConfig } from "./clientConfig.ts";
import { listen } from "./listen.ts";
import { localName } from "./names.ts";
import type { TableSpec } from "./template.ts";

export interface LocalTable {
  name: string;
  arn: string;
}

export interface LocalDynamoDb {
  url: string;
  tables: ReadonlyMap<string, LocalTable>;
  stop(): Promise<void>;
}

/**
 * The embedded DynamoDB (dynalite: the DynamoDB JSON protocol over LevelDB, spoken to by the real
 * `@aws-sdk/client-dynamodb`) with the template's tables, created idempotently. Data lives under
 * `dataDir`, so directory records imported once survive restarts. Local table names are the logical ids.
 */
export async function startLocalDynamoDb(options: {
  host: string;
  port: number;
  /** Where the data is kept; in memory when absent (tests). */
  dataDir?: string;
  specs: readonly TableSpec[];
}): Promise<LocalDynamoDb> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // Loaded here, not with the module: npm start's handlers use createTables and never run dynalite
  // themselves (its emulators' thread does).
  const { default: dynalite } = await import("dynalite");
  const server = dynalite({
    ...(options.dataDir ? { path: options.dataDir } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await listen(server, options.port, options.host, "DYNAMODB_PORT");
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host}:${port}`;
  const tables = await createTables(url, options.specs, "");
  return {
    url,
    tables,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/**
 * Creates the template's tables on the DynamoDB at `url`, idempotently; local names are the logical
 * ids after `prefix` (scripts/local/names.ts).
 */
export async function createTables(
  url: string,
  specs: readonly TableSpec[],
  prefix: string,
): Promise<ReadonlyMap<string, LocalTable>> {
  const client = new DynamoDBClient(localClientConfig(url));
  const tables = new Map<string, LocalTable>();
  try {
    for (const spec of specs) {
      const name = localName(spec.logicalId, "table", prefix);
      try {
        await client.send(
          new CreateTableCommand({
            TableName: name,
            AttributeDefinitions: spec.properties.AttributeDefinitions as AttributeDefinition[],
            KeySchema: spec.properties.KeySchema as KeySchemaElement[],
            BillingMode: "PAY_PER_REQUEST",
          }),
        );
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
      }
      tables.set(spec.logicalId, {
        name,
        arn: `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`,
      });
    }
  } finally {
    client.destroy();
  }
  return tables;
}
