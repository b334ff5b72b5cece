/**
 * `npm run replay -- --from-archive --since <2026-11-01 | 2h> [--until …] [--provider bandwidth] [--dry-run]`:
 * re-ingests archived raw requests (see `lib/ingest/reingestArchive.ts`).
 */
import { parseArgs } from "node:util";
import { createS3Client } from "../../lib/aws/s3Client.ts";
import { createSqsClient, sdkSendMessage } from "../../lib/aws/sqsClient.ts";
import { reingestArchive } from "../../lib/ingest/reingestArchive.ts";
import { createPublisher } from "../../lib/queue/publisher.ts";
import { UsageError } from "./command.ts";
import { parseTimeArgument } from "./since.ts";
import { resolveTarget } from "./target.ts";

export async function replayFromArchive(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      "from-archive": { type: "boolean" },
      since: { type: "string" },
      until: { type: "string" },
      provider: { type: "string" },
      "dry-run": { type: "boolean" },
    },
  });
  if (values.since === undefined) throw new UsageError("--from-archive needs --since <time | 2h | 1d>");
  const since = parseTimeArgument("--since", values.since);
  const until = values.until ? parseTimeArgument("--until", values.until) : undefined;
  const target = resolveTarget();
  const client = createSqsClient();
  const queueUrl = await target.queueUrl(client, "EVENTS_QUEUE_URL", "EventsQueue");
  const publisher = values["dry-run"] ? undefined : createPublisher(sdkSendMessage(client), queueUrl);
  const bucket = target.bucket("ARCHIVE_BUCKET", "ArchiveBucket");
  let count = 0;
  const query = {
    since,
    ...(until ? { until } : {}),
    ...(values.provider ? { provider: values.provider } : {}),
  };
  for await (const { raw, event } of reingestArchive(createS3Client(), bucket, query, publisher)) {
    console.log(
      `${values["dry-run"] ? "would replay" : "replayed"} ${event.id} ${event.type} (${raw.receivedAt})`,
    );
    count++;
  }
  console.log(
    `${count} archived request(s) ${values["dry-run"] ? "found" : "re-ingested"} on ${target.description}`,
  );
  return count;
}
