import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { loadDestinations } from "../lib/destinations/config.ts";
import { createFanout } from "../lib/fanout/fanout.ts";

const fanout = createFanout(loadDestinations(process.env.DESTINATIONS));

/** SQS events.fifo → every configured destination, with partial batch failures. */
export const handler = middy<SQSEvent, SQSBatchResponse>().handler((event) => fanout(event));
