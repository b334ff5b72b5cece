import { setTimeout as sleep } from "node:timers/promises";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { batchGetItems } from "../aws/batchGetItems.ts";
import type { DynamoDb } from "../aws/dynamoDb.ts";
import { ConditionalCheckFailedError, UnavailableError } from "../errors.ts";
import type { OrderChange, OrderState } from "./orderChange.ts";

/** The order state table: what the gateway has seen of each order, and the reconciler's checkpoints. */
export interface OrderStateTable {
  /** The order's last recorded state (strongly consistent). */
  get(key: string): Promise<OrderState | undefined>;
  /**
   * The recorded states of many orders, eventually consistent (half a read unit each), by key; an
   * order the table does not hold is absent. For the reconciler, whose window ends minutes before
   * now: a change the fan-out recorded that recently is the next run's to compare.
   */
  getMany(keys: readonly string[]): Promise<Map<string, OrderState>>;
  /**
   * Records the change as the order's latest state, only forward in time (a conditional write);
   * false when the table already holds a newer state.
   */
  record(change: OrderChange): Promise<boolean>;
  /**
   * Records a live change in one conditional write when it is certainly the order's new state (see
   * {@link claimCondition}); otherwise writes nothing and returns what the table holds, for
   * `verdictOf` to decide. No read on the common path: one write request per status change.
   */
  claim(change: OrderChange): Promise<{ claimed: true } | { claimed: false; stored: OrderState | undefined }>;
  /** Marks a reconciled state as matched by its late live notification, so that one counts once. */
  absorb(key: string, stored: OrderState, liveEventId: string): Promise<void>;
  /** Up to when a reconciler stream has been compared (ISO time), or undefined before its first run. */
  checkpoint(name: string): Promise<string | undefined>;
  saveCheckpoint(name: string, through: string): Promise<void>;
}

const DAY_SECONDS = 86_400;
/** Calls per 100 keys while DynamoDB leaves keys unprocessed (throttling), backed off from 50 ms. */
const BATCH_GET_ATTEMPTS = 5;

/**
 * The DynamoDB order state table. Order items (`ORDER#…`) expire `retentionDays` after their last
 * change (TTL attribute `expiresAt`); checkpoints (`CHECKPOINT#…`) never do.
 */
export function orderStateTable(db: DynamoDb, tableName: string, retentionDays: number): OrderStateTable {
  const read = async (pk: string) =>
    (await db.getItem({ TableName: tableName, Key: { pk: { S: pk } }, ConsistentRead: true })).Item;
  return {
    async get(key) {
      return stateOf(await read(key));
    },
    async getMany(keys) {
      // Eventually consistent (the default): half a read unit per item.
      const items = await batchGetItems((input) => db.batchGetItem(input), tableName, keys, {
        consistentRead: false,
        firstMs: 50,
        jitter: true,
        pause: (ms, attempt) => {
          if (attempt > BATCH_GET_ATTEMPTS)
            throw new UnavailableError(
              `order state reads left unprocessed after ${BATCH_GET_ATTEMPTS} calls`,
            );
          return sleep(ms);
        },
      });
      const states = new Map<string, OrderState>();
      for (const item of items) {
        const state = stateOf(item);
        if (state && item.pk?.S) states.set(item.pk.S, state);
      }
      return states;
    },
    async record(change) {
      return conditionally(() =>
        db.putItem({
          TableName: tableName,
          Item: itemOf(change),
          // ISO times of one format (toISOString) order as strings do.
          ConditionExpression: "attribute_not_exists(pk) OR changedAt <= :changedAt",
          ExpressionAttributeValues: { ":changedAt": { S: change.changedAt } },
        }),
      );
    },
    async claim(change) {
      const { expression, names, values } = claimCondition(change);
      try {
        await db.putItem({
          TableName: tableName,
          Item: itemOf(change),
          ConditionExpression: expression,
          ...(names ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          // DynamoDB answers a failed condition with the item, so deciding costs no read:
          // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html#DDB-PutItem-request-ReturnValuesOnConditionCheckFailure
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        });
        return { claimed: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedError)) throw error;
        // An emulator that does not return the item (dynalite) is read instead.
        const stored = error.item ? stateOf(error.item) : stateOf(await read(change.key));
        return { claimed: false, stored };
      }
    },
    async absorb(key, stored, liveEventId) {
      await conditionally(() =>
        db.updateItem({
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
      );
    },
    async checkpoint(name) {
      return (await read(`CHECKPOINT#${name}`))?.through?.S;
    },
    async saveCheckpoint(name, through) {
      await db.putItem({
        TableName: tableName,
        Item: { pk: { S: `CHECKPOINT#${name}` }, through: { S: through } },
      });
    },
  };

  /** The table's item of a change: it expires `retentionDays` after it is written. */
  function itemOf(change: OrderChange): Record<string, AttributeValue> {
    return {
      pk: { S: change.key },
      status: { S: change.status },
      changedAt: { S: change.changedAt },
      eventId: { S: change.eventId },
      recovered: { BOOL: change.recovered },
      expiresAt: { N: String(Math.floor(Date.now() / 1000) + retentionDays * DAY_SECONDS) },
    };
  }
}

function stateOf(item: Record<string, AttributeValue> | undefined): OrderState | undefined {
  if (!item?.status?.S || !item.changedAt?.S || !item.eventId?.S) return undefined;
  return {
    status: item.status.S,
    changedAt: item.changedAt.S,
    eventId: item.eventId.S,
    recovered: item.recovered?.BOOL === true,
  };
}

/**
 * The condition under which a live change is certainly `current` for `verdictOf` (lib/orderState/
 * orderChange.ts), so it can be written before its deliveries: the order is new to the table; or
 * this very event was recorded before (the fan-out is running it again after a crash, so it is
 * delivered again rather than lost); or the table holds an older state that the reconciler cannot
 * be standing in for. Anything else fails the condition and goes through `verdictOf`.
 */
export function claimCondition(change: OrderChange): {
  expression: string;
  /** `status` is a reserved word in DynamoDB expressions. */
  names?: Record<string, string>;
  values: Record<string, AttributeValue>;
} {
  // A live notification without the provider's time is absorbed by a reconciled state of its status
  // even when it looks newer (verdictOf): such a state must not be overwritten here.
  const notStoodInFor = change.providerTimed ? "" : " AND (recovered = :false OR #status <> :status)";
  return {
    expression:
      "attribute_not_exists(pk) OR (eventId = :eventId AND recovered = :false) OR " +
      `(changedAt < :changedAt${notStoodInFor})`,
    ...(change.providerTimed ? {} : { names: { "#status": "status" } }),
    values: {
      ":eventId": { S: change.eventId },
      ":false": { BOOL: false },
      ":changedAt": { S: change.changedAt },
      ...(change.providerTimed ? {} : { ":status": { S: change.status } }),
    },
  };
}

/** Runs a conditional write: false when its condition did not hold, other errors thrown. */
async function conditionally(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedError) return false;
    throw error;
  }
}
