import { gunzipSync } from "node:zlib";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { type RawRequest, sourceSegment } from "../http/rawRequest.ts";
import { listKeys } from "./listKeys.ts";

/** Where raw requests are archived in the bucket. */
const RAW_PREFIX = "raw/";

export interface ArchiveQuery {
  /** Only requests received at or after this instant. */
  since: Date;
  until?: Date;
  /** A provider (`bandwidth`) or a source segment (`bandwidth-v1`); all when absent. */
  provider?: string;
}

const DAY_MS = 86_400_000;

/**
 * Reads archived raw requests back, by provider and date range, each event once. Two layouts:
 * - `raw/date=<yyyy-MM-dd>/hour=<HH>/<stream>-<version>-<time>-<uuid>.gz`, what the delivery stream
 *   writes (serverless.yml, ArchiveDeliveryStream): every source together, filtered here by the
 *   request's `source`. Firehose names an object by the arrival time of its oldest record
 *   (https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html), which is after the request
 *   was received (the fan-out archives it from the queue): the day after `until` is read too.
 * - `raw/source=<source>/date=<yyyy-mm-dd>/hour=<hh>/…jsonl.gz`, one object per source and hour of a
 *   fan-out batch, what stacks wrote before the delivery stream; still read until they expire.
 * Both hold gzipped JSON lines. A batch the fan-out archived twice (a retry after a partial failure)
 * yields its requests once: the first copy of each event id is kept.
 */
export async function* readArchive(
  client: S3Client,
  bucket: string,
  query: ArchiveQuery,
): AsyncGenerator<RawRequest> {
  const until = query.until ?? new Date();
  const seen = new Set<string>();
  const wanted = (raw: RawRequest) => {
    const at = Date.parse(raw.receivedAt);
    return (
      at >= query.since.getTime() &&
      at <= until.getTime() &&
      (!query.provider || providerMatches(sourceSegment(raw.source), query.provider)) &&
      !seen.has(raw.eventId)
    );
  };
  const prefixes = [
    ...days(query.since, new Date(until.getTime() + DAY_MS)).map((day) => `${RAW_PREFIX}date=${day}/`),
    ...(await oldSources(client, bucket))
      .filter((source) => !query.provider || providerMatches(source, query.provider))
      .flatMap((source) =>
        days(query.since, until).map((day) => `${RAW_PREFIX}source=${source}/date=${day}/`),
      ),
  ];
  for (const prefix of prefixes) {
    for await (const key of listKeys(client, bucket, prefix)) {
      for (const raw of await readObject(client, bucket, key)) {
        if (!wanted(raw)) continue;
        seen.add(raw.eventId);
        yield raw;
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

async function readObject(client: S3Client, bucket: string, key: string): Promise<RawRequest[]> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = gunzipSync(await (object.Body?.transformToByteArray() ?? new Uint8Array())).toString("utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RawRequest);
}

function providerMatches(source: string, provider: string): boolean {
  return source === provider || source.startsWith(`${provider}-`);
}

/** The `source=` partitions of the layout before the delivery stream. */
async function oldSources(client: S3Client, bucket: string): Promise<string[]> {
  const page = await client.send(
    new ListObjectsV2Command({ Bucket: bucket, Prefix: `${RAW_PREFIX}source=`, Delimiter: "/" }),
  );
  return (page.CommonPrefixes ?? []).flatMap((p) =>
    p.Prefix ? [p.Prefix.slice(`${RAW_PREFIX}source=`.length, -1)] : [],
  );
}

/** Every UTC day from `from`'s to `to`'s, as `yyyy-mm-dd`. */
function days(from: Date, to: Date): string[] {
  const result: string[] = [];
  const first = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  for (let day = first; day <= to.getTime(); day += DAY_MS) {
    result.push(new Date(day).toISOString().slice(0, 10));
  }
  return result;
}
