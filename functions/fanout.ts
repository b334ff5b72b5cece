import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { requireEnv } from "../lib/config/env.ts";
import { createQueueClient } from "../lib/delivery/sqsClient.ts";
import { loadDestinations } from "../lib/destinations/config.ts";
import { createFanout } from "../lib/fanout/fanout.ts";

const fanout = createFanout({
  destinations: loadDestinations(process.env.DESTINATIONS),
  client: createQueueClient(),
  deliveriesQueueUrl: requireEnv("DELIVERIES_QUEUE_URL"),
});

/** events.fifo → one delivery per interested destination on deliveries.fifo, with partial batch failures. */
export const handler = middy<SQSEvent, SQSBatchResponse>().handler((event) => fanout(event));
