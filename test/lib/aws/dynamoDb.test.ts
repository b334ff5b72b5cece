import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoDb } from "../../../lib/aws/dynamoDb.ts";
import { AwsRequestError, ConditionalCheckFailedError } from "../../../lib/errors.ts";
import { localServiceEnvironment } from "../../../scripts/local/clientConfig.ts";
import { startAwsJsonProxy } from "../../helpers/awsJsonProxy.ts";
import { startDirectoryDb } from "../../helpers/directory.ts";

let db: Awaited<ReturnType<typeof startDirectoryDb>>;
let proxy: Awaited<ReturnType<typeof startAwsJsonProxy>>;
beforeAll(async () => {
  db = await startDirectoryDb();
  proxy = await startAwsJsonProxy(db.url);
});
afterAll(async () => {
  await proxy.stop();
  await db.stop();
});

/** The calls, against the embedded DynamoDB through the recording proxy. */
const calls = () => dynamoDb(localServiceEnvironment("dynamodb", proxy.url));
const TABLE = "OrderStateTable";

describe("dynamoDb over signed AWS JSON 1.0 requests", () => {
  it("writes, reads back strongly consistent, and updates an item, each in one request", async () => {
    proxy.operations.length = 0;
    const key = { pk: { S: "TEST#roundtrip" } };
    await calls().putItem({
      TableName: TABLE,
      Item: { ...key, text: { S: "ünïcode ✓" }, count: { N: "41" }, flag: { BOOL: true } },
    });
    await calls().updateItem({
      TableName: TABLE,
      Key: key,
      UpdateExpression: "SET #count = #count + :one",
      ExpressionAttributeNames: { "#count": "count" },
      ExpressionAttributeValues: { ":one": { N: "1" } },
    });
    const { Item } = await calls().getItem({ TableName: TABLE, Key: key, ConsistentRead: true });
    expect(Item).toEqual({ ...key, text: { S: "ünïcode ✓" }, count: { N: "42" }, flag: { BOOL: true } });
    expect(proxy.operations).toEqual(["PutItem", "UpdateItem", "GetItem"]);
    expect(await calls().getItem({ TableName: TABLE, Key: { pk: { S: "TEST#none" } } })).not.toHaveProperty(
      "Item",
    );
  });

  it("throws ConditionalCheckFailedError when a condition does not hold, once", async () => {
    const key = { pk: { S: "TEST#condition" } };
    await calls().putItem({ TableName: TABLE, Item: { ...key, version: { N: "2" } } });
    proxy.operations.length = 0;
    const error = await calls()
      .updateItem({
        TableName: TABLE,
        Key: key,
        UpdateExpression: "SET version = :one",
        ConditionExpression: "version < :one",
        ExpressionAttributeValues: { ":one": { N: "1" } },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConditionalCheckFailedError);
    expect(error).toMatchObject({ type: "ConditionalCheckFailedException", status: 400 });
    expect(proxy.operations).toEqual(["UpdateItem"]);
  });

  it("reads the item DynamoDB returns with a failed condition (ALL_OLD)", async () => {
    const item = { pk: { S: "TEST#returned" }, status: { S: "COMPLETE" } };
    proxy.answerNext({
      status: 400,
      body: {
        __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
        message: "The conditional request failed",
        Item: item,
      },
    });
    const error = await calls()
      .putItem({
        TableName: TABLE,
        Item: item,
        ConditionExpression: "attribute_not_exists(pk)",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConditionalCheckFailedError);
    expect((error as ConditionalCheckFailedError).item).toEqual(item);
  });

  it("tries a throttled or failing request again, three times at most", async () => {
    proxy.operations.length = 0;
    proxy.answerNext(
      {
        status: 400,
        body: {
          __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
          message: "The level of configured provisioned throughput for the table was exceeded.",
        },
      },
      { status: 500, body: { __type: "com.amazonaws.dynamodb.v20120810#InternalServerError" } },
    );
    const key = { pk: { S: "TEST#throttled" } };
    await calls().putItem({ TableName: TABLE, Item: key });
    expect(proxy.operations).toEqual(["PutItem", "PutItem", "PutItem"]);
    expect((await calls().getItem({ TableName: TABLE, Key: key, ConsistentRead: true })).Item).toEqual(key);

    proxy.operations.length = 0;
    const throttled = {
      status: 400,
      body: { __type: "com.amazonaws.dynamodb.v20120810#ThrottlingException", message: "Rate exceeded" },
    };
    proxy.answerNext(throttled, throttled, throttled);
    await expect(calls().getItem({ TableName: TABLE, Key: key })).rejects.toMatchObject({
      type: "ThrottlingException",
      status: 400,
    });
    expect(proxy.operations).toEqual(["GetItem", "GetItem", "GetItem"]);
  });

  it("does not try again what will not fix itself: a missing table", async () => {
    proxy.operations.length = 0;
    const error = await calls()
      .getItem({ TableName: "NoSuchTable", Key: { pk: { S: "x" } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsRequestError);
    expect(error).toMatchObject({ type: "ResourceNotFoundException", status: 400 });
    expect(proxy.operations).toEqual(["GetItem"]);
  });
});
