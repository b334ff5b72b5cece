import { setTimeout as sleep } from "node:timers/promises";
import { type AttributeValue, BatchGetItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { batchGetItems } from "../aws/batchGetItems.ts";
import { DirectoryUnavailableError } from "./errors.ts";

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
  try {
    const items = await batchGetItems(
      (input) => client.send(new BatchGetItemCommand(input), { abortSignal: signal }),
      tableName,
      partitionKeys,
      {
        consistentRead: true,
        firstMs: 50,
        maxMs: 400,
        pause: (ms) => sleep(ms, undefined, { signal }),
      },
    );
    return items.map(plain);
  } catch (error) {
    const aborted = error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
    throw new DirectoryUnavailableError(
      aborted ? "timeout" : "unreachable",
      aborted ? "directory lookup timed out" : "directory lookup failed",
      { cause: error },
    );
  }
}

function plain(item: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(item).map(([name, value]) => [
      name,
      value.S ?? value.BOOL ?? (value.N === undefined ? undefined : Number(value.N)),
    ]),
  );
}
