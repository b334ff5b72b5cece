import { type DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamodbLockout, lockKey, unlockNumber } from "../../../lib/portout/lockout.ts";
import { startDirectoryDb, DIRECTORY_TABLE as TABLE } from "../../helpers/directory.ts";

let db: Awaited<ReturnType<typeof startDirectoryDb>>;
let client: DynamoDBClient;
const settings = { maxFailures: 3, windowSeconds: 600 };
const T0 = Date.parse("2030-01-01T00:00:00Z");
const signal = () => AbortSignal.timeout(10_000);
let next = 0;
/** A number no other test touches. */
const freshNumber = () => `+1404555${String(next++).padStart(4, "0")}`;

beforeAll(async () => {
  db = await startDirectoryDb();
  client = db.client;
});
afterAll(() => db.stop());

describe("dynamodbLockout", () => {
  it("locks a number at the limit of wrong PINs, reports the lock once, and only that number", async () => {
    const lockout = dynamodbLockout(client, TABLE, settings);
    const [number, other] = [freshNumber(), freshNumber()];
    expect(await lockout.recordWrongPins([number, other], T0, signal())).toEqual([]);
    expect(await lockout.recordWrongPins([number], T0 + 1000, signal())).toEqual([]);
    expect(await lockout.lockedAmong([number, other], T0 + 2000, signal())).toEqual(new Set());
    expect(await lockout.recordWrongPins([number], T0 + 2000, signal())).toEqual([
      { telephoneNumber: number, failures: 3, lockedUntil: "2030-01-01T00:10:02.000Z" },
    ]);
    expect(await lockout.lockedAmong([number, other], T0 + 3000, signal())).toEqual(new Set([number]));
    // A fourth wrong PIN keeps it locked without announcing a new lock.
    expect(await lockout.recordWrongPins([number], T0 + 4000, signal())).toEqual([]);
  });

  it("forgets the count a window after the last wrong PIN, even before DynamoDB's TTL deletes it", async () => {
    const lockout = dynamodbLockout(client, TABLE, settings);
    const number = freshNumber();
    for (let i = 0; i < 3; i++) await lockout.recordWrongPins([number], T0 + i * 1000, signal());
    expect(await lockout.lockedAmong([number], T0 + 2000 + 599_000, signal())).toEqual(new Set([number]));
    expect(await lockout.lockedAmong([number], T0 + 2000 + 600_000, signal())).toEqual(new Set());
    // The next wrong PIN starts a new count at 1.
    await lockout.recordWrongPins([number], T0 + 2000 + 600_000, signal());
    const item = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: lockKey(number) } } }),
    );
    expect(item.Item?.failures).toEqual({ N: "1" });
    expect(item.Item?.expiresAt).toEqual({ N: String((T0 + 2000 + 600_000) / 1000 + 600) });
  });

  it("counts concurrent wrong PINs from many instances exactly, and exactly one of them starts the lock", async () => {
    const number = freshNumber();
    // Separate lockout objects over one table stand for separate Lambda instances.
    const results = await Promise.all(
      Array.from({ length: 12 }, () => dynamodbLockout(client, TABLE, { ...settings, maxFailures: 7 })).map(
        (l) => l.recordWrongPins([number], T0, signal()),
      ),
    );
    expect(results.flat()).toEqual([
      { telephoneNumber: number, failures: 7, lockedUntil: expect.any(String) },
    ]);
    const item = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: lockKey(number) } } }),
    );
    expect(item.Item?.failures).toEqual({ N: "12" });
  });

  it("unlock clears the count and says how many wrong PINs there were", async () => {
    const lockout = dynamodbLockout(client, TABLE, settings);
    const number = freshNumber();
    for (let i = 0; i < 3; i++) await lockout.recordWrongPins([number], T0, signal());
    expect(await unlockNumber(client, TABLE, number)).toBe(3);
    expect(await lockout.lockedAmong([number], T0, signal())).toEqual(new Set());
    expect(await unlockNumber(client, TABLE, number)).toBeNull();
  });
});
