/**
 * `npm run recover`: queues the events accepted while the queue was down (the fallback archive),
 * as the scheduled `recover` function does every 5 minutes.
 */
import { createFallbackStore } from "../archive/fallbackStore.ts";
import { recoverFallback } from "../archive/recover.ts";
import { createS3Client } from "../aws/s3Client.ts";
import { createSqsClient } from "../aws/sqsClient.ts";
import { createPublisher } from "../queue/publisher.ts";
import { resolveTarget } from "./target.ts";

const target = resolveTarget();
const result = await recoverFallback(
  createFallbackStore(createS3Client(), target.bucket),
  createPublisher(createSqsClient(), target.queueUrl),
  Date.now() + 10 * 60_000,
);
console.log(
  `recover on ${target.description}: ${result.recovered.length} queued, ${result.failed.length} failed`,
);
for (const key of result.failed) console.log(`  failed: ${key}`);
process.exitCode = result.failed.length > 0 ? 1 : 0;
