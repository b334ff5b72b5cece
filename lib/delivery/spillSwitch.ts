import type { DynamoDb } from "../aws/dynamoDb.ts";
import { ConditionalCheckFailedError } from "../errors.ts";
import type { SpillSwitch } from "./spillHold.ts";

/**
 * Whether a direct destination is "spilling": its deliveries go through the deliveries queue, where
 * they are retried and dead-lettered as any other's, because a direct send failed. Kept as
 * `DIRECT#<destination>` items of the order state table, read by the fan-out once per batch
 * (strongly consistent, so every fan-out sees a spill at once) and written only while spilling.
 */

export function dynamoSpillSwitch(db: DynamoDb, tableName: string): SpillSwitch {
  const key = (name: string) => ({ pk: { S: `DIRECT#${name}` } });
  return {
    async spilling(names) {
      const now = Date.now();
      const items = await Promise.all(
        names.map((name) => db.getItem({ TableName: tableName, Key: key(name), ConsistentRead: true })),
      );
      return new Set(names.filter((_, index) => Number(items[index]?.Item?.spillUntil?.N ?? 0) > now));
    },
    async holdUntil(name, untilMs) {
      try {
        await db.updateItem({
          TableName: tableName,
          Key: key(name),
          UpdateExpression: "SET spillUntil = :until",
          ConditionExpression: "attribute_not_exists(spillUntil) OR spillUntil < :until",
          ExpressionAttributeValues: { ":until": { N: String(untilMs) } },
        });
      } catch (error) {
        // Already held longer: nothing to do.
        if (!(error instanceof ConditionalCheckFailedError)) throw error;
      }
    },
  };
}
