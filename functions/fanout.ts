import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createFirehoseArchive } from "../lib/archive/firehoseArchive.ts";
import { createFirehoseClient } from "../lib/aws/firehoseClient.ts";
import { createSqsClient } from "../lib/aws/sqsClient.ts";
import { intEnv, requireEnv } from "../lib/config/env.ts";
import { loadDestinations } from "../lib/destinations/config.ts";
import { createFanout } from "../lib/fanout/fanout.ts";
import { orderStateTable } from "../lib/orderState/orderStateTable.ts";

const fanout = createFanout({
  destinations: loadDestinations(process.env.DESTINATIONS),
  client: createSqsClient("ownQueues"),
  deliveriesQueueUrl: requireEnv("DELIVERIES_QUEUE_URL"),
  archive: createFirehoseArchive(createFirehoseClient(), requireEnv("ARCHIVE_STREAM")),
  orderState: orderStateTable(
    new DynamoDBClient({}),
    requireEnv("ORDER_STATE_TABLE"),
    intEnv("ORDER_STATE_RETENTION_DAYS", 400),
  ),
});

/**
 * events.fifo → archive the raw requests → compare with the order state table → one delivery per
 * interested destination on deliveries.fifo, with partial batch failures.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>().handler((event) => fanout(event));
