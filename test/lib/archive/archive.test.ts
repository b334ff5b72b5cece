import { gunzipSync, gzipSync } from "node:zlib";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ArchiveQuery, findArchived, readArchive } from "../../../lib/archive/archiveReader.ts";
import { ArchiveError } from "../../../lib/archive/errors.ts";
import { createFirehoseArchive } from "../../../lib/archive/firehoseArchive.ts";
import { FIREHOSE_LIMITS, firehoseRecords, putRecordBatches } from "../../../lib/archive/firehoseRecords.ts";
import {
  packRawRequest,
  type RawRequest,
  rawRequestOf,
  sourceSegment,
  unpackRawRequest,
} from "../../../lib/http/rawRequest.ts";
import { toWebhookRequest } from "../../../lib/http/request.ts";
import { reingest } from "../../../lib/ingest/reingest.ts";
import { reingestArchive } from "../../../lib/ingest/reingestArchive.ts";
import { bandwidthV1NotificationsRoute } from "../../../lib/providers/bandwidth/v1/notificationsRoute.ts";
import { bandwidthV2NotificationsRoute } from "../../../lib/providers/bandwidth/v2/notificationsRoute.ts";
import { ROUTES } from "../../../lib/providers/routes.ts";
import { createPublisher, type Publisher } from "../../../lib/queue/publisher.ts";
import { apiGatewayEvent } from "../../../scripts/local/apiGatewayEvent.ts";
import { createFifoQueue, drain, type Emulator, startEmulator } from "../../helpers/emulator.ts";
import { startArchiveStream } from "../../helpers/firehose.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { recordOf } from "../../helpers/sqsRecords.ts";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

/** A request as the ingest route sees it, with its raw form and its event. */
function received(file: string, receivedAt: string) {
  const body = Buffer.from(fixture(`bandwidth/v1/${file}`));
  const request = {
    ...toWebhookRequest(
      apiGatewayEvent(
        "POST",
        "/bandwidth/v1/notifications",
        { "content-type": "application/xml", authorization: "Basic c2VjcmV0" },
        body,
        "127.0.0.1",
      ),
    ),
    receivedAt,
  };
  const event = bandwidthV1NotificationsRoute.normalize(request);
  return { event, raw: rawRequestOf(request, bandwidthV1NotificationsRoute.name, event.source, event.id) };
}

/** A Bandwidth v2 request as its route sees it, with its raw form and its event. */
function receivedV2(receivedAt: string) {
  const body = Buffer.from(fixture("bandwidth/v2/orders-complete.json"));
  const request = {
    ...toWebhookRequest(
      apiGatewayEvent(
        "POST",
        "/bandwidth/v2/notifications",
        { "content-type": "application/json" },
        body,
        "127.0.0.1",
      ),
    ),
    receivedAt,
  };
  const event = bandwidthV2NotificationsRoute.normalize(request);
  return { event, raw: rawRequestOf(request, bandwidthV2NotificationsRoute.name, event.source, event.id) };
}

/** A queue record carrying the event and its raw request, as the publisher sends them. */
function recordWithRaw(event: ReturnType<typeof received>["event"], raw: RawRequest, id: string) {
  const record = recordOf(event, id);
  record.messageAttributes.raw = {
    dataType: "Binary",
    binaryValue: Buffer.from(packRawRequest(raw)).toString("base64"),
  };
  return record;
}

async function keysIn(bucket: string, prefix: string): Promise<string[]> {
  const page = await emulator.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((object) => object.Key ?? "");
}

describe("raw requests", () => {
  it("keep the exact body and the headers, but never the credentials", () => {
    const { raw } = received("orders-complete.xml", "2026-11-23T07:00:00.000Z");
    expect(raw.headers).not.toHaveProperty("authorization");
    expect(raw.headers["content-type"]).toBe("application/xml");
    expect(Buffer.from(raw.bodyBase64, "base64").toString()).toBe(
      fixture("bandwidth/v1/orders-complete.xml"),
    );
    expect(unpackRawRequest(packRawRequest(raw))).toEqual(raw);
  });
});

/** Every object under `prefix`, gunzipped. */
async function objectsIn(bucket: string, prefix: string): Promise<{ key: string; text: string }[]> {
  const objects = [];
  for (const key of await keysIn(bucket, prefix)) {
    const object = await emulator.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    objects.push({
      key,
      text: gunzipSync((await object.Body?.transformToByteArray()) ?? new Uint8Array()).toString("utf8"),
    });
  }
  return objects;
}

/** Writes raw requests in the layout stacks used before the delivery stream (one object per source and hour). */
async function putOldLayout(bucket: string, raws: readonly RawRequest[]) {
  const [first] = raws;
  if (!first) return;
  const key = `raw/source=${sourceSegment(first.source)}/date=${first.receivedAt.slice(0, 10)}/hour=${first.receivedAt.slice(11, 13)}/${first.eventId}+${raws.length}-0123456789abcdef.jsonl.gz`;
  await emulator.s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: gzipSync(raws.map((raw) => JSON.stringify(raw)).join("\n")),
    }),
  );
}

async function read(bucket: string, query: ArchiveQuery): Promise<string[]> {
  const ids = [];
  for await (const raw of readArchive(emulator.s3, bucket, query)) ids.push(raw.eventId);
  return ids;
}

/** Firehose's name: the prefix evaluated at the oldest record's arrival, then `<stream>-<version>-<that time>-<uuid>.gz`. */
const FIREHOSE_KEY =
  /^raw\/date=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\/ArchiveDeliveryStream-1-\1-\2-\d{2}-\d{2}-[0-9a-f-]{36}\.gz$/;

describe("the Firehose archive", () => {
  it("sends a batch as one record of JSON lines, which the stream writes gzipped under raw/date=…/hour=…/", async () => {
    const stream = await startArchiveStream(emulator, "archive-firehose");
    try {
      const now = new Date().toISOString();
      const batch = [
        received("orders-complete.xml", now),
        received("portins-foc.xml", now),
        received("csrs-failed.xml", now),
      ];
      const archived = await createFirehoseArchive(
        stream.client,
        stream.name,
      )(batch.map(({ event, raw }, index) => recordWithRaw(event, raw, String(index))));
      expect(archived?.stream).toBe("ArchiveDeliveryStream");
      expect(archived?.recordIds).toHaveLength(1);
      expect(archived?.eventIds).toEqual(batch.map(({ event }) => event.id));
      await stream.standIn.flush();
      const [object, ...more] = await objectsIn("archive-firehose", "raw/");
      expect(more).toEqual([]);
      expect(object?.key).toMatch(FIREHOSE_KEY);
      // Every line ends in "\n", so records of many batches concatenate into valid JSON lines.
      expect(object?.text).toBe(batch.map(({ raw }) => `${JSON.stringify(raw)}\n`).join(""));
    } finally {
      await stream.stop();
    }
  });

  it("sends again the records Firehose rejected, then fails the batch once its attempts are spent", async () => {
    const stream = await startArchiveStream(emulator, "archive-rejected");
    try {
      const { event, raw } = received("orders-complete.xml", new Date().toISOString());
      const archive = createFirehoseArchive(stream.client, stream.name, { attempts: 3, backoffMs: 1 });
      stream.standIn.rejectNext(2);
      expect((await archive([recordWithRaw(event, raw, "1")]))?.recordIds).toHaveLength(1);
      stream.standIn.rejectNext(3);
      await expect(archive([recordWithRaw(event, raw, "1")])).rejects.toThrow(
        new ArchiveError("Firehose rejected 1 record(s) 3 times", "ArchiveDeliveryStream"),
      );
      await stream.standIn.flush();
      expect((await objectsIn("archive-rejected", "raw/")).map(({ text }) => text)).toEqual([
        `${JSON.stringify(raw)}\n`,
      ]);
    } finally {
      await stream.stop();
    }
  });

  it("sends nothing for records without a raw request", async () => {
    const stream = await startArchiveStream(emulator, "archive-none");
    try {
      const { event } = received("orders-complete.xml", "2026-11-23T07:10:00.000Z");
      expect(await createFirehoseArchive(stream.client, stream.name)([recordOf(event, "1")])).toBeUndefined();
      await stream.standIn.flush();
      expect(await keysIn("archive-none", "raw/")).toEqual([]);
    } finally {
      await stream.stop();
    }
  });
});

describe("splitting raw requests into Firehose records and calls", () => {
  const raws = ["orders-complete.xml", "portins-foc.xml", "csrs-failed.xml"].map(
    (file) => received(file, "2026-11-23T07:10:00.000Z").raw,
  );
  const lines = raws.map((raw) => Buffer.from(`${JSON.stringify(raw)}\n`));

  it("packs whole lines, in order, into records no larger than the limit", () => {
    const limit = (lines[0]?.length ?? 0) + (lines[1]?.length ?? 0);
    const records = firehoseRecords(raws, limit);
    expect(records.map((record) => record.toString())).toEqual([`${lines[0]}${lines[1]}`, `${lines[2]}`]);
    expect(firehoseRecords(raws)).toEqual([Buffer.concat(lines)]);
  });

  it("refuses a request whose line alone is over a record's limit", () => {
    expect(() => firehoseRecords(raws, 10)).toThrow(RangeError);
  });

  it("keeps each call within the records per call and the bytes per call", () => {
    const records = Array.from({ length: 7 }, (_, index) => Buffer.alloc(index + 1));
    expect(
      putRecordBatches(records, { recordsPerCall: 3, callDataBytes: 1000 }).map((call) => call.length),
    ).toEqual([3, 3, 1]);
    expect(
      putRecordBatches(records, { recordsPerCall: 500, callDataBytes: 10 }).map((call) =>
        call.map((record) => record.length),
      ),
    ).toEqual([[1, 2, 3, 4], [5], [6], [7]]);
    expect(FIREHOSE_LIMITS).toEqual({
      recordBytes: 1_024_000,
      recordsPerCall: 500,
      callDataBytes: 3_080_192,
    });
  });
});

describe("reading the archive", () => {
  it("reads the Firehose layout and the one before it, each event once, filtered by provider and time", async () => {
    const bucket = "archive-read";
    const stream = await startArchiveStream(emulator, bucket);
    try {
      const now = new Date();
      const fresh = received("orders-complete.xml", now.toISOString());
      const v2 = receivedV2(now.toISOString());
      const archive = createFirehoseArchive(stream.client, stream.name);
      const batch = [recordWithRaw(fresh.event, fresh.raw, "1"), recordWithRaw(v2.event, v2.raw, "2")];
      await archive(batch);
      // The batch again, as after a partial failure or a redelivery: the archive holds it twice.
      await archive(batch);
      await stream.standIn.flush();
      const yesterday = new Date(now.getTime() - 86_400_000).toISOString();
      const old = received("portins-foc.xml", yesterday);
      const older = received("csrs-failed.xml", new Date(now.getTime() - 10 * 86_400_000).toISOString());
      await putOldLayout(bucket, [old.raw]);
      await putOldLayout(bucket, [older.raw]);

      const since = new Date(now.getTime() - 2 * 86_400_000);
      expect((await read(bucket, { since })).sort()).toEqual(
        [fresh.event.id, v2.event.id, old.event.id].sort(),
      );
      expect((await read(bucket, { since, provider: "bandwidth-v1" })).sort()).toEqual(
        [fresh.event.id, old.event.id].sort(),
      );
      expect(await read(bucket, { since, provider: "bandwidth-v2" })).toEqual([v2.event.id]);
      expect(await read(bucket, { since, provider: "telnyx" })).toEqual([]);
      expect(await read(bucket, { since, until: new Date(now.getTime() - 3_600_000) })).toEqual([
        old.event.id,
      ]);
      expect(await findArchived(emulator.s3, bucket, v2.event.id)).toEqual(v2.raw);
      expect(await findArchived(emulator.s3, bucket, old.event.id)).toEqual(old.raw);
      expect(await findArchived(emulator.s3, bucket, older.event.id)).toBeUndefined();
    } finally {
      await stream.stop();
    }
  });
});

describe("re-ingesting an archived request", () => {
  it("gives the same event, with the same id, and publishes it", async () => {
    const { event, raw } = received("portins-complete.xml", "2026-11-23T07:10:00.000Z");
    const again = reingest(raw, ROUTES);
    expect(again).toEqual(event);
    const queueUrl = await createFifoQueue(emulator.client, "replay");
    await createPublisher(emulator.sendMessage, queueUrl).publish(again, Date.now() + 5000);
    const [message] = await drain(emulator.client, queueUrl);
    expect(message?.Attributes?.MessageDeduplicationId).toBe(event.id);
  });

  it("refuses a request of a route it does not know", () => {
    const { raw } = received("orders-complete.xml", "2026-11-23T07:10:00.000Z");
    expect(() => reingest({ ...raw, route: "nope" }, ROUTES)).toThrow(/unknown route nope/);
  });

  it("re-ingests what a query selects, publishing unless it is a dry run", async () => {
    const bucket = "archive-reingest";
    const stream = await startArchiveStream(emulator, bucket);
    const now = new Date();
    const { event, raw } = received("portins-foc.xml", now.toISOString());
    await createFirehoseArchive(stream.client, stream.name)([recordWithRaw(event, raw, "1")]);
    await stream.stop();
    const query = { since: new Date(now.getTime() - 60_000), until: new Date(now.getTime() + 60_000) };
    const ids = async (publisher?: Publisher) => {
      const found = [];
      for await (const replayed of reingestArchive(emulator.s3, bucket, query, publisher)) {
        found.push(replayed.event.id);
      }
      return found;
    };
    const queueUrl = await createFifoQueue(emulator.client, "reingest-archive");
    expect(await ids()).toEqual([event.id]);
    expect(await drain(emulator.client, queueUrl)).toEqual([]);
    expect(await ids(createPublisher(emulator.sendMessage, queueUrl))).toEqual([event.id]);
    const [message] = await drain(emulator.client, queueUrl);
    expect(JSON.parse(message?.Body ?? "")).toEqual(event);
  });
});
