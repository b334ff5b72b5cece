import { type AttributeValue, BatchWriteItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { batchGet } from "./batchGet.ts";
import { type DirectoryEntry, toDirectoryEntry } from "./directoryEntry.ts";
import type { StoredSubscriberRecord } from "./storedRecords.ts";
import type { SubscriberDirectory } from "./subscriberDirectory.ts";

/** BatchWriteItem writes at most 25 items per call. */
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
      for (const item of await batchGet(client, tableName, numbers.map(numberKey), signal)) {
        const entry = toDirectoryEntry(item);
        entries.set(entry.telephoneNumber, entry);
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
