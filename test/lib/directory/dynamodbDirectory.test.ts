import { type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamodbDirectory, numberKey, putRecords } from "../../../lib/directory/dynamodbDirectory.ts";
import { DirectoryUnavailableError } from "../../../lib/directory/errors.ts";
import { toStoredRecords } from "../../../lib/directory/storedRecords.ts";
import { startDirectoryDb, DIRECTORY_TABLE as TABLE } from "../../helpers/directory.ts";

let db: Awaited<ReturnType<typeof startDirectoryDb>>;
let client: DynamoDBClient;

beforeAll(async () => {
  db = await startDirectoryDb();
  client = db.client;
  // 150 numbers of one account: more than one BatchGetItem (100 keys) and six BatchWriteItems (25).
  const rows = Array.from({ length: 150 }, (_, i) => ({
    where: String(i),
    row: {
      telephoneNumber: `222333${String(i).padStart(4, "0")}`,
      accountId: "acct-1",
      accountNumber: "777",
      pin: "1111",
      status: i === 7 ? "inactive" : "active",
      zipCode: "62025",
    },
  }));
  await putRecords(client, TABLE, await toStoredRecords(rows));
});

afterAll(() => db.stop());

describe("dynamodbDirectory", () => {
  it("returns the records of known numbers and leaves unknown ones out", async () => {
    const entries = await dynamodbDirectory(client, TABLE).lookup(
      ["+12223330000", "+12223330007", "+19999999999"],
      AbortSignal.timeout(5000),
    );
    expect([...entries.keys()].sort()).toEqual(["+12223330000", "+12223330007"]);
    expect(entries.get("+12223330000")).toMatchObject({
      accountId: "acct-1",
      active: true,
      zipCode: "62025",
    });
    expect(entries.get("+12223330007")?.active).toBe(false);
  });

  it("reads more than 100 numbers in batches", async () => {
    const numbers = Array.from({ length: 150 }, (_, i) => `+1222333${String(i).padStart(4, "0")}`);
    const entries = await dynamodbDirectory(client, TABLE).lookup(numbers, AbortSignal.timeout(5000));
    expect(entries.size).toBe(150);
  });

  it("treats a malformed item as unavailable, not as an unknown number", async () => {
    await client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: {
          pk: { S: numberKey("+12025550199") },
          telephoneNumber: { S: "+12025550199" },
          accountId: { S: "a" },
        },
      }),
    );
    const lookup = dynamodbDirectory(client, TABLE).lookup(["+12025550199"], AbortSignal.timeout(5000));
    await expect(lookup).rejects.toMatchObject({
      name: "DirectoryUnavailableError",
      reason: "invalid-record",
    });
  });

  it("reports an unreachable table as unavailable", async () => {
    const lookup = dynamodbDirectory(client, "no-such-table").lookup(
      ["+12223330000"],
      AbortSignal.timeout(5000),
    );
    await expect(lookup).rejects.toBeInstanceOf(DirectoryUnavailableError);
    await expect(lookup).rejects.toMatchObject({ reason: "unreachable" });
  });

  it("stops when the signal aborts and says it timed out", async () => {
    const lookup = dynamodbDirectory(client, TABLE).lookup(["+12223330000"], AbortSignal.abort());
    await expect(lookup).rejects.toMatchObject({ name: "DirectoryUnavailableError", reason: "timeout" });
  });
});
