import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createBatchArchive } from "../lib/archive/batchArchive.ts";
import { createS3Client } from "../lib/archive/s3Client.ts";
import { requireEnv } from "../lib/config/env.ts";
import { loadDestinations } from "../lib/destinations/config.ts";
import { createFanout } from "../lib/fanout/fanout.ts";

const fanout = createFanout(
  loadDestinations(process.env.DESTINATIONS),
  createBatchArchive(createS3Client(), requireEnv("ARCHIVE_BUCKET")),
);

/** SQS events.fifo → archive the raw requests → every configured destination, with partial batch failures. */
export const handler = middy<SQSEvent, SQSBatchResponse>().handler((event) => fanout(event));
