import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { dynamoDb } from "../lib/aws/dynamoDb.ts";
import { sqs } from "../lib/aws/sqs.ts";
import { intEnv, requireEnv } from "../lib/config/env.ts";
import { createDeliverer } from "../lib/delivery/deliverBatch.ts";
import { SPILL_HOLD_MS } from "../lib/delivery/spillHold.ts";
import { dynamoSpillSwitch } from "../lib/delivery/spillSwitch.ts";
import { loadDestinations } from "../lib/destinations/config.ts";

const deliver = createDeliverer({
  destinations: loadDestinations(process.env.DESTINATIONS),
  client: sqs("ownQueues"),
  queueUrl: requireEnv("DELIVERIES_QUEUE_URL"),
  deadLetterQueueUrl: requireEnv("DELIVERY_DEAD_LETTER_QUEUE_URL"),
  concurrency: intEnv("DELIVERY_CONCURRENCY", 10),
  spill: dynamoSpillSwitch(dynamoDb(), requireEnv("ORDER_STATE_TABLE")),
  spillHoldMs: intEnv("DIRECT_SPILL_HOLD_SECONDS", SPILL_HOLD_MS / 1000) * 1000,
});

/** deliveries.fifo → each delivery attempted, held for retry in its group, or dead-lettered. */
export const handler = middy<SQSEvent, SQSBatchResponse>().handler((event, context) =>
  deliver(event, context),
);
