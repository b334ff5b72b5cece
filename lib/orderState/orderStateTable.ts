import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import type { OrderChange, OrderState } from "./orderChange.ts";

/** The order state table: what the gateway has seen of each order, and the reconciler's checkpoints. */
export interface OrderStateTable {
  /** The order's last recorded state (strongly consistent). */
  get(key: string): Promise<OrderState | undefined>;
  /**
   * Records the change as the order's latest state, only forward in time (a conditional write);
   * false when the table already holds a newer state.
   */
  record(change: OrderChange): Promise<boolean>;
  /** Marks a reconciled state as matched by its late live notification, so that one counts once. */
  absorb(key: string, stored: OrderState, liveEventId: string): Promise<void>;
  /** Up to when a reconciler stream has been compared (ISO time), or undefined before its first run. */
  checkpoint(name: string): Promise<string | undefined>;
  saveCheckpoint(name: string, through: string): Promise<void>;
}

const DAY_SECONDS = 86_400;

/**
 * The DynamoDB order state table. Order items (`ORDER#…`) expire `retentionDays` after their last
 * change (TTL attribute `expiresAt`); checkpoints (`CHECKPOINT#…`) never do.
 */
export function orderStateTable(
  client: DynamoDBClient,
  tableName: string,
  retentionDays: number,
): OrderStateTable {
  const read = async (pk: string) =>
    (
      await client.send(
        new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk } }, ConsistentRead: true }),
      )
    ).Item;
  return {
    async get(key) {
      const item = await read(key);
      if (!item?.status?.S || !item.changedAt?.S || !item.eventId?.S) return undefined;
      return {
        status: item.status.S,
        changedAt: item.changedAt.S,
        eventId: item.eventId.S,
        recovered: item.recovered?.BOOL === true,
      };
    },
    async record(change) {
      const item: Record<string, AttributeValue> = {
        pk: { S: change.key },
        status: { S: change.status },
        changedAt: { S: change.changedAt },
        eventId: { S: change.eventId },
        recovered: { BOOL: change.recovered },
        expiresAt: { N: String(Math.floor(Date.now() / 1000) + retentionDays * DAY_SECONDS) },
      };
      return conditionally(() =>
        client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: item,
            // ISO times of one format (toISOString) order as strings do.
            ConditionExpression: "attribute_not_exists(pk) OR changedAt <= :changedAt",
            ExpressionAttributeValues: { ":changedAt": { S: change.changedAt } },
          }),
        ),
      );
    },
    async absorb(key, stored, liveEventId) {
      await conditionally(() =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { pk: { S: key } },
            UpdateExpression: "SET recovered = :false, eventId = :live",
            ConditionExpression: "eventId = :stored",
            ExpressionAttributeValues: {
              ":false": { BOOL: false },
              ":live": { S: liveEventId },
              ":stored": { S: stored.eventId },
            },
          }),
        ),
      );
    },
    async checkpoint(name) {
      return (await read(`CHECKPOINT#${name}`))?.through?.S;
    },
    async saveCheckpoint(name, through) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { pk: { S: `CHECKPOINT#${name}` }, through: { S: through } },
        }),
      );
    },
  };
}

/** Runs a conditional write: false when its condition did not hold, other errors thrown. */
async function conditionally(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
