/**
 * `npm run directory -- import <file.csv|file.json>`: loads or updates subscriber directory records
 * (one per telephone number; an existing number's record is replaced). PINs and account numbers are
 * hashed here, before anything leaves the machine.
 * `npm run directory -- hash`: reads one secret from standard input and prints its stored form, for
 * operators whose own HTTP directory answers with hashes.
 *
 * Target: the table named by PORTOUT_DIRECTORY_TABLE with the usual AWS credentials; with neither
 * it nor AWS_ENDPOINT_URL_DYNAMODB set, the local table of `npm start` (127.0.0.1:${DYNAMODB_PORT:-8000}).
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { putRecords } from "../portout/dynamodbDirectory.ts";
import { readImportFile } from "../portout/importFile.ts";
import { toStoredRecords } from "../portout/records.ts";
import { hashSecret } from "../portout/secretHash.ts";

const LOCAL_TABLE = "PortoutDirectoryTable";
const [command, file] = process.argv.slice(2);

try {
  if (command === "import" && file) await importFile(file);
  else if (command === "hash") console.log(await hashSecret(readFileSync(0, "utf8").trim()));
  else {
    console.error(
      "usage: npm run directory -- import <file.csv|file.json>\n       npm run directory -- hash < secret",
    );
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`directory ${command}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

async function importFile(path: string): Promise<void> {
  const rows = readImportFile(basename(path), readFileSync(path, "utf8"));
  const records = await toStoredRecords(rows);
  const local = !process.env.PORTOUT_DIRECTORY_TABLE && !process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const table = process.env.PORTOUT_DIRECTORY_TABLE ?? LOCAL_TABLE;
  const client = local
    ? new DynamoDBClient({
        endpoint: `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? "8000"}`,
        region: "us-east-1",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      })
    : new DynamoDBClient({});
  try {
    await putRecords(client, table, records);
  } finally {
    client.destroy();
  }
  const accounts = new Set(records.map((record) => record.accountId)).size;
  console.log(
    `imported ${records.length} numbers of ${accounts} accounts into ${table}${local ? " (local)" : ""}`,
  );
}
