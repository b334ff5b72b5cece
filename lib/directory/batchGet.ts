import { setTimeout as sleep } from "node:timers/promises";
import { type AttributeValue, BatchGetItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { backoffDelays } from "../aws/retry.ts";
import { DirectoryUnavailableError } from "./errors.ts";

/** BatchGetItem reads at most 100 keys per call. */
const READ_BATCH = 100;

/**
 * Strongly consistent reads of the items with these partition keys (`pk`), as plain values; absent
 * keys are left out. Unprocessed keys (throttling) are asked again after a short, growing pause until
 * the signal aborts. Any failure is a DirectoryUnavailableError (`timeout` or `unreachable`).
 */
export async function batchGet(
  client: DynamoDBClient,
  tableName: string,
  partitionKeys: readonly string[],
  signal: AbortSignal,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < partitionKeys.length; start += READ_BATCH) {
    let keys: Record<string, AttributeValue>[] = partitionKeys
      .slice(start, start + READ_BATCH)
      .map((pk) => ({ pk: { S: pk } }));
    const delays = backoffDelays({ firstMs: 50, maxMs: 400 });
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > 0) await send(() => sleep(delays.next().value, undefined, { signal }));
      const output = await send(() =>
        client.send(
          new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }),
          { abortSignal: signal },
        ),
      );
      for (const item of output.Responses?.[tableName] ?? []) items.push(plain(item));
      keys = output.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return items;
}

function plain(item: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(item).map(([name, value]) => [
      name,
      value.S ?? value.BOOL ?? (value.N === undefined ? undefined : Number(value.N)),
    ]),
  );
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
