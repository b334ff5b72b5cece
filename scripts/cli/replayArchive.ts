/**
 * `npm run replay -- --from-archive --since 2026-11-01 [--until …] [--provider bandwidth] [--dry-run]`:
 * re-ingests archived raw requests. Events keep their deterministic ids, so consumers that dedupe on
 * the id see no duplicates (and SQS drops repeats within its 5-minute deduplication window).
 */
import { parseArgs } from "node:util";
import { readArchive } from "../../lib/archive/archiveReader.ts";
import { createS3Client } from "../../lib/archive/s3Client.ts";
import { reingest } from "../../lib/ingest/reingest.ts";
import { ROUTES } from "../../lib/providers/routes.ts";
import { createPublisher } from "../../lib/queue/publisher.ts";
import { createSqsClient } from "../../lib/queue/sqsClient.ts";
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
  const since = new Date(values.since ?? "");
  if (Number.isNaN(since.getTime())) throw new Error("--since needs a date or time, e.g. --since 2026-11-01");
  const until = values.until ? new Date(values.until) : undefined;
  const target = resolveTarget();
  const publisher = createPublisher(createSqsClient(), target.queueUrl);
  let count = 0;
  const query = {
    since,
    ...(until ? { until } : {}),
    ...(values.provider ? { provider: values.provider } : {}),
  };
  for await (const raw of readArchive(createS3Client(), target.bucket, query)) {
    const event = reingest(raw, ROUTES);
    if (!values["dry-run"]) await publisher.publish(event, Date.now() + 20_000);
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
