import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { intEnv, requireEnv } from "../lib/config/env.ts";
import { createDeliverer } from "../lib/delivery/deliverBatch.ts";
import { createQueueClient } from "../lib/delivery/sqsClient.ts";
import { loadDestinations } from "../lib/destinations/config.ts";

const deliver = createDeliverer({
  destinations: loadDestinations(process.env.DESTINATIONS),
  client: createQueueClient(),
  queueUrl: requireEnv("DELIVERIES_QUEUE_URL"),
  deadLetterQueueUrl: requireEnv("DELIVERY_DEAD_LETTER_QUEUE_URL"),
  concurrency: intEnv("DELIVERY_CONCURRENCY", 10),
});

/** deliveries.fifo → each delivery attempted, held for retry in its group, or dead-lettered. */
export const handler = middy<SQSEvent, SQSBatchResponse>().handler((event, context) =>
  deliver(event, context),
);
