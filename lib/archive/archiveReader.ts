import { gunzipSync } from "node:zlib";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { RawRequest } from "../http/rawRequest.ts";
import { RAW_PREFIX } from "./batchArchive.ts";
import { listKeys } from "./listKeys.ts";

export interface ArchiveQuery {
  /** Only requests received at or after this instant. */
  since: Date;
  until?: Date;
  /** A provider (`bandwidth`) or a source segment (`bandwidth-v1`); all when absent. */
  provider?: string;
}

const DAY_MS = 86_400_000;

/**
 * Reads archived raw requests back, by provider and date range: the `source=`/`date=` partitions
 * of the archive's keys narrow the listing to the days asked for.
 */
export async function* readArchive(
  client: S3Client,
  bucket: string,
  query: ArchiveQuery,
): AsyncGenerator<RawRequest> {
  const until = query.until ?? new Date();
  for (const source of await sources(client, bucket)) {
    if (query.provider && source !== query.provider && !source.startsWith(`${query.provider}-`)) continue;
    for (let day = startOfDay(query.since); day <= until.getTime(); day += DAY_MS) {
      const prefix = `${RAW_PREFIX}source=${source}/date=${new Date(day).toISOString().slice(0, 10)}/`;
      for await (const key of listKeys(client, bucket, prefix)) {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const text = gunzipSync(await (object.Body?.transformToByteArray() ?? new Uint8Array())).toString(
          "utf8",
        );
        for (const line of text.split("\n")) {
          if (!line) continue;
          const raw = JSON.parse(line) as RawRequest;
          const at = Date.parse(raw.receivedAt);
          if (at >= query.since.getTime() && at <= until.getTime()) yield raw;
        }
      }
    }
  }
}

/** Finds one archived request by its event id, looking at the given days (default: the last 7). */
export async function findArchived(
  client: S3Client,
  bucket: string,
  eventId: string,
  since = new Date(Date.now() - 7 * DAY_MS),
): Promise<RawRequest | undefined> {
  for await (const raw of readArchive(client, bucket, { since })) if (raw.eventId === eventId) return raw;
  return undefined;
}

async function sources(client: S3Client, bucket: string): Promise<string[]> {
  const page = await client.send(
    new ListObjectsV2Command({ Bucket: bucket, Prefix: `${RAW_PREFIX}source=`, Delimiter: "/" }),
  );
  return (page.CommonPrefixes ?? []).flatMap((p) =>
    p.Prefix ? [p.Prefix.slice(`${RAW_PREFIX}source=`.length, -1)] : [],
  );
}

function startOfDay(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}
