import { setTimeout as sleep } from "node:timers/promises";
import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import type { SubscriberDirectory } from "./directory.ts";
import { type DirectoryEntry, toDirectoryEntry } from "./entry.ts";
import { DirectoryUnavailableError } from "./errors.ts";
import type { StoredSubscriberRecord } from "./records.ts";

/** BatchGetItem reads at most 100 keys, BatchWriteItem writes at most 25 items per call. */
const READ_BATCH = 100;
const WRITE_BATCH = 25;

/** The table's partition key for a number: one item per telephone number, `TN#+12223331000`. */
export function numberKey(e164: string): string {
  return `TN#${e164}`;
}

/**
 * The DynamoDB backend: one strongly consistent BatchGetItem per 100 numbers, so a PIN changed a
 * moment ago is already the one checked. Unprocessed keys are asked again until the signal aborts.
 */
export function dynamodbDirectory(client: DynamoDBClient, tableName: string): SubscriberDirectory {
  return {
    kind: "dynamodb",
    async lookup(numbers, signal) {
      const entries = new Map<string, DirectoryEntry>();
      for (let start = 0; start < numbers.length; start += READ_BATCH) {
        let keys: Record<string, AttributeValue>[] = numbers
          .slice(start, start + READ_BATCH)
          .map((number) => ({ pk: { S: numberKey(number) } }));
        for (let attempt = 0; keys.length > 0; attempt++) {
          // DynamoDB returns unprocessed keys when throttled: ask again after a short, growing pause.
          if (attempt > 0) await send(() => sleep(Math.min(25 * 2 ** attempt, 400), undefined, { signal }));
          const output = await send(() =>
            client.send(
              new BatchGetItemCommand({
                RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } },
              }),
              { abortSignal: signal },
            ),
          );
          for (const item of output.Responses?.[tableName] ?? []) {
            const entry = toDirectoryEntry(plain(item));
            entries.set(entry.telephoneNumber, entry);
          }
          keys = output.UnprocessedKeys?.[tableName]?.Keys ?? [];
        }
      }
      return entries;
    },
  };
}

/** Writes records (creating or replacing each number's item). Used by `npm run directory -- import`. */
export async function putRecords(
  client: DynamoDBClient,
  tableName: string,
  records: readonly StoredSubscriberRecord[],
): Promise<void> {
  for (let start = 0; start < records.length; start += WRITE_BATCH) {
    let requests = records.slice(start, start + WRITE_BATCH).map((record) => ({
      PutRequest: { Item: toItem(record) },
    }));
    while (requests.length > 0) {
      const output = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (output.UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
        request.PutRequest?.Item ? [{ PutRequest: { Item: request.PutRequest.Item } }] : [],
      );
    }
  }
}

function toItem(record: StoredSubscriberRecord): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = { pk: { S: numberKey(record.telephoneNumber) } };
  for (const [name, value] of Object.entries(record)) if (value !== undefined) item[name] = { S: value };
  return item;
}

function plain(item: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, value.S ?? value.BOOL]));
}

async function send<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const aborted = error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
    throw new DirectoryUnavailableError(
      aborted ? "timeout" : "unreachable",
      aborted ? "directory lookup timed out" : "directory lookup failed",
      { cause: error },
    );
  }
}
