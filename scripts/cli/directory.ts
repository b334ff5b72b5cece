/**
 * `npm run directory -- import <file.csv|file.json>`: loads or updates subscriber directory records
 * (one per telephone number; an existing number's record is replaced). PINs and account numbers are
 * hashed here, before anything leaves the machine.
 * `npm run directory -- hash`: reads one secret from standard input and prints its stored form, for
 * operators whose own HTTP directory answers with hashes.
 * `npm run directory -- unlock <number>`: clears a number's wrong-PIN count, ending its port-out lock.
 *
 * Target: the table named by PORTOUT_DIRECTORY_TABLE with the usual AWS credentials, or the local
 * table of `npm start` (see `target.ts`).
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { putRecords } from "../../lib/directory/dynamodbDirectory.ts";
import { readImportFile } from "../../lib/directory/importFile.ts";
import { hashSecret } from "../../lib/directory/secretHash.ts";
import { toStoredRecords } from "../../lib/directory/storedRecords.ts";
import { toE164 } from "../../lib/phone.ts";
import { unlockNumber } from "../../lib/portout/lockout.ts";
import { CommandError, runCommand, UsageError } from "./command.ts";
import { resolveTarget } from "./target.ts";

await runCommand("directory", async ([command, argument]) => {
  if (command === "import" && argument) await importFile(argument);
  else if (command === "unlock" && argument) await unlock(argument);
  else if (command === "hash") console.log(await hashSecret(readFileSync(0, "utf8").trim()));
  else {
    throw new UsageError(
      "usage: npm run directory -- import <file.csv|file.json> | unlock <telephone number> | hash < secret",
    );
  }
  return 0;
});

async function importFile(path: string): Promise<void> {
  const rows = readImportFile(basename(path), readFileSync(path, "utf8"));
  const records = await toStoredRecords(rows);
  const accounts = new Set(records.map((record) => record.accountId)).size;
  const where = await withTable((client, table) => putRecords(client, table, records));
  console.log(`imported ${records.length} numbers of ${accounts} accounts into ${where}`);
}

async function unlock(number: string): Promise<void> {
  const e164 = toE164(number);
  if (!e164) throw new CommandError(`"${number}" is not a telephone number`);
  let failures: number | null = null;
  const where = await withTable(async (client, table) => {
    failures = await unlockNumber(client, table, e164);
  });
  console.log(
    failures === null
      ? `${e164} had no wrong PINs counted in ${where}`
      : `unlocked ${e164} in ${where} (${failures} wrong PINs counted)`,
  );
}

/** Runs `work` against the target table; returns how to name it in a message. */
async function withTable(work: (client: DynamoDBClient, table: string) => Promise<void>): Promise<string> {
  const target = resolveTarget();
  const table = target.table("PORTOUT_DIRECTORY_TABLE", "PortoutDirectoryTable");
  const client = new DynamoDBClient({});
  try {
    await work(client, table);
  } finally {
    client.destroy();
  }
  return `${table}${target.local ? " (local)" : ""}`;
}
