import type { S3Client } from "@aws-sdk/client-s3";
import { type ArchiveQuery, readArchive } from "../archive/archiveReader.ts";
import type { CanonicalEvent } from "../event/canonical.ts";
import type { RawRequest } from "../http/rawRequest.ts";
import { ROUTES } from "../providers/routes.ts";
import type { Publisher } from "../queue/publisher.ts";
import { reingest } from "./reingest.ts";

/**
 * Re-ingests the archived raw requests a query selects, one after the other: each is normalized
 * again by its route and, unless `publisher` is undefined (a dry run), queued. Events keep their
 * deterministic ids, so consumers that dedupe on the id see no duplicates (and SQS drops repeats
 * within its 5-minute deduplication window).
 */
export async function* reingestArchive(
  client: S3Client,
  bucket: string,
  query: ArchiveQuery,
  publisher: Publisher | undefined,
): AsyncGenerator<{ raw: RawRequest; event: CanonicalEvent }> {
  for await (const raw of readArchive(client, bucket, query)) {
    const event = reingest(raw, ROUTES);
    if (publisher) await publisher.publish(event, Date.now() + 20_000);
    yield { raw, event };
  }
}
