import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { batchGet } from "../directory/batchGet.ts";

/**
 * Wrong-PIN counts per telephone number, shared by every Lambda instance: one companion item per
 * number in the directory table, `LOCK#+12223331000` (the directory's own items are `TN#…`), with
 * `failures` and `expiresAt` (epoch seconds, the table's TTL attribute). Each wrong PIN adds one and
 * pushes `expiresAt` to a window after it; at `maxFailures` the number is locked until `expiresAt`
 * passes (a window with no wrong PIN) or an operator runs `npm run directory -- unlock <number>`.
 * DynamoDB deletes expired items only eventually, so readers also ignore them.
 */
export interface PinLockout {
  /** The numbers (E.164) among `numbers` that are locked at `nowMs`. */
  lockedAmong(numbers: readonly string[], nowMs: number, signal: AbortSignal): Promise<Set<string>>;
  /** Counts one wrong PIN for each number; returns the locks this call started (count reached the limit). */
  recordWrongPins(numbers: readonly string[], nowMs: number, signal: AbortSignal): Promise<NewLock[]>;
}

export interface NewLock {
  telephoneNumber: string;
  failures: number;
  /** ISO 8601: the lock ends then unless another wrong PIN comes first. */
  lockedUntil: string;
}

export interface LockoutSettings {
  maxFailures: number;
  windowSeconds: number;
}

/** The companion item's partition key for a number. */
export function lockKey(e164: string): string {
  return `LOCK#${e164}`;
}

export function dynamodbLockout(
  client: DynamoDBClient,
  tableName: string,
  settings: LockoutSettings,
): PinLockout {
  return {
    async lockedAmong(numbers, nowMs, signal) {
      const now = Math.floor(nowMs / 1000);
      const items = await batchGet(client, tableName, numbers.map(lockKey), signal);
      return new Set(
        items
          .filter((item) => Number(item.failures) >= settings.maxFailures && Number(item.expiresAt) > now)
          .map((item) => String(item.telephoneNumber)),
      );
    },
    async recordWrongPins(numbers, nowMs, signal) {
      const counts = await Promise.all(numbers.map((number) => countWrongPin(number, nowMs, signal)));
      const lockedUntil = new Date((Math.floor(nowMs / 1000) + settings.windowSeconds) * 1000).toISOString();
      return numbers
        .map((telephoneNumber, i) => ({ telephoneNumber, failures: counts[i] ?? 0, lockedUntil }))
        .filter((lock) => lock.failures === settings.maxFailures);
    },
  };

  /**
   * Adds one wrong PIN atomically and returns the new count: increments a live count, or starts a
   * new one where there is none or it expired. Each step is conditional, so concurrent requests on
   * any instance never lose a count, and exactly one of them sees the count reach the limit.
   */
  async function countWrongPin(e164: string, nowMs: number, signal: AbortSignal): Promise<number> {
    const now = Math.floor(nowMs / 1000);
    const update = (expression: string, condition: string) =>
      client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: { pk: { S: lockKey(e164) } },
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeValues: {
            ":one": { N: "1" },
            ":now": { N: String(now) },
            ":expires": { N: String(now + settings.windowSeconds) },
            ":number": { S: e164 },
          },
          ReturnValues: "UPDATED_NEW",
        }),
        { abortSignal: signal },
      );
    const stamp = "expiresAt = :expires, telephoneNumber = :number";
    for (let attempt = 0; ; attempt++) {
      try {
        const output = await update(`ADD failures :one SET ${stamp}`, "expiresAt > :now");
        return Number(output.Attributes?.failures?.N);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      try {
        await update(`SET failures = :one, ${stamp}`, "attribute_not_exists(pk) OR expiresAt <= :now");
        return 1;
      } catch (error) {
        // Another request started the count between the two steps: add to it (once more at most).
        if (!(error instanceof ConditionalCheckFailedException) || attempt > 0) throw error;
      }
    }
  }
}

/** Clears a number's count and lock (`npm run directory -- unlock`); returns the count it had, or null. */
export async function unlockNumber(
  client: DynamoDBClient,
  tableName: string,
  e164: string,
): Promise<number | null> {
  const output = await client.send(
    new DeleteItemCommand({
      TableName: tableName,
      Key: { pk: { S: lockKey(e164) } },
      ReturnValues: "ALL_OLD",
    }),
  );
  const failures = output.Attributes?.failures?.N;
  return failures === undefined ? null : Number(failures);
}
