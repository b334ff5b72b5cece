/**
 * `npm run recover`: queues the events accepted while the queue was down (the fallback archive),
 * as the scheduled `recover` function does every 5 minutes.
 */
import { createFallbackStore } from "../../lib/archive/fallbackStore.ts";
import { recoverFallback } from "../../lib/archive/recover.ts";
import { createS3Client } from "../../lib/aws/s3Client.ts";
import { createSqsClient, sdkSendMessage } from "../../lib/aws/sqsClient.ts";
import { createPublisher } from "../../lib/queue/publisher.ts";
import { runCommand } from "./command.ts";
import { resolveTarget } from "./target.ts";

await runCommand("recover", async () => {
  const target = resolveTarget();
  const client = createSqsClient();
  const result = await recoverFallback(
    createFallbackStore(createS3Client(), target.bucket("ARCHIVE_BUCKET", "ArchiveBucket")),
    createPublisher(sdkSendMessage(client), await target.queueUrl(client, "EVENTS_QUEUE_URL", "EventsQueue")),
    Date.now() + 10 * 60_000,
  );
  console.log(
    `recover on ${target.description}: ${result.recovered.length} queued, ${result.failed.length} failed`,
  );
  for (const key of result.failed) console.log(`  failed: ${key}`);
  return result.failed.length > 0 ? 1 : 0;
});
