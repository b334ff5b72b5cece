import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { SQSRecord } from "aws-lambda";
import { type RawRequest, sourceSegment, unpackRawRequest } from "../http/rawRequest.ts";

export const RAW_PREFIX = "raw/";

/**
 * Archives the raw requests that travel with a fan-out batch: one gzipped JSON-lines object per
 * source and hour, under `raw/source=<source>/date=<yyyy-mm-dd>/hour=<hh>/` (partitions Athena can
 * query; `npm run replay -- --from-archive` reads them). One PUT per batch of up to 10 events instead of one
 * per event. The key is derived from the event ids, so archiving the same batch again overwrites.
 */
export function createBatchArchive(client: S3Client, bucket: string) {
  return async function archiveBatch(records: readonly SQSRecord[]): Promise<ArchivedObject[]> {
    const groups = new Map<string, RawRequest[]>();
    for (const record of records) {
      const packed = record.messageAttributes.raw?.binaryValue;
      if (!packed) continue;
      const raw = unpackRawRequest(Buffer.from(packed, "base64"));
      const partition = partitionOf(raw);
      groups.set(partition, [...(groups.get(partition) ?? []), raw]);
    }
    const archived: ArchivedObject[] = [];
    for (const [partition, raws] of groups) {
      const ids = raws.map((raw) => raw.eventId).sort();
      const digest = createHash("sha256").update(ids.join(",")).digest("hex").slice(0, 16);
      const key = `${partition}${ids[0]}+${ids.length}-${digest}.jsonl.gz`;
      const body = gzipSync(raws.map((raw) => JSON.stringify(raw)).join("\n"));
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: "application/x-ndjson",
          ContentEncoding: "gzip",
        }),
      );
      archived.push({ key, eventIds: ids });
    }
    return archived;
  };
}

export type BatchArchive = ReturnType<typeof createBatchArchive>;

/** One object a batch was archived in, and the events whose raw requests it holds. */
export interface ArchivedObject {
  key: string;
  eventIds: string[];
}

/** `raw/source=bandwidth-v1/date=2026-11-23/hour=07/` */
export function partitionOf(raw: Pick<RawRequest, "source" | "receivedAt">): string {
  const date = raw.receivedAt.slice(0, 10);
  const hour = raw.receivedAt.slice(11, 13);
  return `${RAW_PREFIX}source=${sourceSegment(raw.source)}/date=${date}/hour=${hour}/`;
}
