import type { AttributeValue, BatchGetItemInput, BatchGetItemOutput } from "@aws-sdk/client-dynamodb";
import { type BackoffOptions, backoffDelays } from "./retry.ts";

/** BatchGetItem reads at most 100 keys per call: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html */
const KEYS_PER_CALL = 100;

export interface BatchGetOptions extends BackoffOptions {
  consistentRead: boolean;
  /**
   * Waits `ms` before the call that asks again for unprocessed keys (`attempt`: that call's number
   * for its chunk, from 2); throws to give up, and the read fails with that error.
   */
  pause(ms: number, attempt: number): Promise<unknown>;
}

/**
 * The items of a table with these partition keys (`pk`), absent ones left out: BatchGetItem calls
 * of at most 100 distinct keys (the API refuses a key twice in one call), each asking again for the
 * keys DynamoDB leaves in `UnprocessedKeys` ("typically because of throttling": retry them with
 * exponential backoff, the reference above), with {@link backoffDelays} between calls. `read` is
 * the one call: the SDK client's or lib/aws/dynamoDb.ts's.
 */
export async function batchGetItems(
  read: (input: BatchGetItemInput) => Promise<BatchGetItemOutput>,
  tableName: string,
  partitionKeys: readonly string[],
  options: BatchGetOptions,
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  for (let start = 0; start < partitionKeys.length; start += KEYS_PER_CALL) {
    let keys: Record<string, AttributeValue>[] = [
      ...new Set(partitionKeys.slice(start, start + KEYS_PER_CALL)),
    ].map((pk) => ({ pk: { S: pk } }));
    const delays = backoffDelays(options);
    for (let attempt = 1; keys.length > 0; attempt++) {
      if (attempt > 1) await options.pause(delays.next().value, attempt);
      const output = await read({
        RequestItems: {
          [tableName]: { Keys: keys, ...(options.consistentRead ? { ConsistentRead: true } : {}) },
        },
      });
      items.push(...(output.Responses?.[tableName] ?? []));
      keys = output.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return items;
}
