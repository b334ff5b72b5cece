/**
 * `npm run directory -- import <file.csv|file.json>`: loads or updates subscriber directory records
 * (one per telephone number; an existing number's record is replaced). PINs and account numbers are
 * hashed here, before anything leaves the machine.
 * `npm run directory -- hash`: reads one secret from standard input and prints its stored form, for
 * operators whose own HTTP directory answers with hashes.
 * `npm run directory -- unlock <number>`: clears a number's wrong-PIN count, ending its port-out lock,
 * and records it: a `port_out.pin_unlocked` event (who, when, the count cleared) on the events queue,
 * beside the `port_out.pin_locked` event that started the lock.
 *
 * Target: the table named by PORTOUT_DIRECTORY_TABLE (and, for unlock, the queue named by
 * EVENTS_QUEUE_URL) with the usual AWS credentials, or the local table and queue of `npm start`
 * (see `target.ts`).
 */
import { readFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { basename } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createSqsClient, sdkSendMessage } from "../../lib/aws/sqsClient.ts";
import { putRecords } from "../../lib/directory/dynamodbDirectory.ts";
import { readImportFile } from "../../lib/directory/importFile.ts";
import { hashSecret } from "../../lib/directory/secretHash.ts";
import { toStoredRecords } from "../../lib/directory/storedRecords.ts";
import { toE164 } from "../../lib/phone.ts";
import { buildUnlockEvent } from "../../lib/portout/auditEvents.ts";
import { unlockNumber } from "../../lib/portout/lockout.ts";
import { createPublisher } from "../../lib/queue/publisher.ts";
import { CommandError, runCommand, UsageError } from "./command.ts";
import { resolveTarget } from "./target.ts";

/** How long the unlock's event may take to be queued (the publisher retries until then). */
const RECORD_BUDGET_MS = 20_000;

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
  const sqs = createSqsClient();
  try {
    // The queue is found first: an unlock that could not be recorded is not made.
    const queueUrl = await resolveTarget().queueUrl(sqs, "EVENTS_QUEUE_URL", "EventsQueue");
    let failures: number | null = null;
    const where = await withTable(async (client, table) => {
      failures = await unlockNumber(client, table, e164);
    });
    if (failures === null) {
      console.log(`${e164} had no wrong PINs counted in ${where}`);
      return;
    }
    console.log(`unlocked ${e164} in ${where} (${failures} wrong PINs counted)`);
    const event = buildUnlockEvent({
      telephoneNumber: e164,
      failures,
      unlockedAt: new Date().toISOString(),
      unlockedBy: `${userInfo().username}@${hostname()}`,
    });
    await createPublisher(sdkSendMessage(sqs), queueUrl)
      .publish(event, Date.now() + RECORD_BUDGET_MS)
      .catch((error: unknown) => {
        throw new CommandError(
          `${e164} is unlocked, but its port_out.pin_unlocked event could not be queued: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    console.log(`recorded as event ${event.id}`);
  } finally {
    sqs.destroy();
  }
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
