import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { CanonicalEvent } from "../event/canonical.ts";
import { type RawRequest, sourceSegment } from "../http/rawRequest.ts";
import { listKeys } from "./listKeys.ts";

/** What the ingest writes when the queue cannot take an accepted event: enough to publish it later. */
export interface FallbackRecord {
  raw: RawRequest;
  event: CanonicalEvent;
}

export const FALLBACK_PREFIX = "fallback/";

/**
 * Accepted events that could not be queued, one object each, under
 * `fallback/<source>/<yyyy-mm-dd>/<event id>.json`. The recovery function publishes them and then
 * deletes them, so an object here always means "accepted, not yet on the queue".
 */
export function createFallbackStore(client: S3Client, bucket: string) {
  return {
    async put(record: FallbackRecord): Promise<string> {
      const key = `${FALLBACK_PREFIX}${sourceSegment(record.raw.source)}/${record.raw.receivedAt.slice(0, 10)}/${record.event.id}.json`;
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: JSON.stringify(record),
          ContentType: "application/json",
        }),
      );
      return key;
    },
    list(): AsyncGenerator<string> {
      return listKeys(client, bucket, FALLBACK_PREFIX);
    },
    async get(key: string): Promise<FallbackRecord> {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return JSON.parse(await (object.Body?.transformToString("utf8") ?? "")) as FallbackRecord;
    },
    async delete(key: string): Promise<void> {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}

export type FallbackStore = ReturnType<typeof createFallbackStore>;
