import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createFirehoseArchive } from "../lib/archive/firehoseArchive.ts";
import { dynamoDb } from "../lib/aws/dynamoDb.ts";
import { firehose } from "../lib/aws/firehose.ts";
import { sqs } from "../lib/aws/sqs.ts";
import { intEnv, listEnv, requireEnv } from "../lib/config/env.ts";
import { SPILL_HOLD_MS } from "../lib/delivery/spillHold.ts";
import { dynamoSpillSwitch } from "../lib/delivery/spillSwitch.ts";
import { loadDestinations } from "../lib/destinations/config.ts";
import { createFanout } from "../lib/fanout/fanout.ts";
import { orderStateTable } from "../lib/orderState/orderStateTable.ts";

const destinations = loadDestinations(process.env.DESTINATIONS);
const db = dynamoDb();
const tableName = requireEnv("ORDER_STATE_TABLE");
const fanout = createFanout({
  destinations,
  client: sqs("ownQueues"),
  deliveriesQueueUrl: requireEnv("DELIVERIES_QUEUE_URL"),
  archive: createFirehoseArchive(firehose(), requireEnv("ARCHIVE_STREAM")),
  orderState: orderStateTable(db, tableName, intEnv("ORDER_STATE_RETENTION_DAYS", 400)),
  orderStateProviders: listEnv("ORDER_STATE_PROVIDERS", ["bandwidth"]),
  spill: dynamoSpillSwitch(db, tableName),
  spillHoldMs: intEnv("DIRECT_SPILL_HOLD_SECONDS", SPILL_HOLD_MS / 1000) * 1000,
});

/**
 * events.fifo → archive the raw requests → compare with the order state table → SQS destinations
 * sent to directly, one delivery per other interested destination on deliveries.fifo, with partial
 * batch failures.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>().handler((event) => fanout(event));
