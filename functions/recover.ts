import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { createFallbackStore } from "../lib/archive/fallbackStore.ts";
import { recoverFallback } from "../lib/archive/recover.ts";
import { createS3Client } from "../lib/aws/s3Client.ts";
import { sqsSendMessage } from "../lib/aws/sqs.ts";
import { requireEnv } from "../lib/config/env.ts";
import { createPublisher } from "../lib/queue/publisher.ts";

const store = createFallbackStore(createS3Client(), requireEnv("ARCHIVE_BUCKET"));
const publisher = createPublisher(sqsSendMessage(), requireEnv("EVENTS_QUEUE_URL"));

/** Scheduled: queues the events accepted while the queue was down (the fallback archive). */
export const handler = middy<unknown, unknown>().handler((_event: unknown, context: Context) =>
  recoverFallback(store, publisher, Date.now() + context.getRemainingTimeInMillis() - 2000),
);
