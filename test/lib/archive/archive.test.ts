import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findArchived, readArchive } from "../../../lib/archive/archiveReader.ts";
import { createBatchArchive, partitionOf } from "../../../lib/archive/batchArchive.ts";
import {
  packRawRequest,
  type RawRequest,
  rawRequestOf,
  unpackRawRequest,
} from "../../../lib/http/rawRequest.ts";
import { toWebhookRequest } from "../../../lib/http/request.ts";
import { reingest } from "../../../lib/ingest/reingest.ts";
import { reingestArchive } from "../../../lib/ingest/reingestArchive.ts";
import { bandwidthV1NotificationsRoute } from "../../../lib/providers/bandwidth/v1/notificationsRoute.ts";
import { ROUTES } from "../../../lib/providers/routes.ts";
import { createPublisher, type Publisher } from "../../../lib/queue/publisher.ts";
import { apiGatewayEvent } from "../../../scripts/local/apiGatewayEvent.ts";
import { createFifoQueue, drain, type Emulator, startEmulator } from "../../helpers/emulator.ts";
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

describe("the batch archive", () => {
  it("writes one object per source and hour, partitioned for lookup, and overwrites on a repeat", async () => {
    const bucket = "archive-batch";
    emulator.server.createBucket(bucket);
    const archive = createBatchArchive(emulator.s3, bucket);
    const a = received("orders-complete.xml", "2026-11-23T07:10:00.000Z");
    const b = received("portins-foc.xml", "2026-11-23T07:20:00.000Z");
    const c = received("csrs-failed.xml", "2026-11-23T08:05:00.000Z");
    const records = [
      recordWithRaw(a.event, a.raw, "1"),
      recordWithRaw(b.event, b.raw, "2"),
      recordWithRaw(c.event, c.raw, "3"),
    ];
    const archived = await archive(records);
    expect(archived).toHaveLength(2);
    expect(archived[0]?.eventIds.sort()).toEqual([a.event.id, b.event.id].sort());
    expect(archived[1]?.eventIds).toEqual([c.event.id]);
    expect(archived[0]?.key).toMatch(
      /^raw\/source=bandwidth-v1\/date=2026-11-23\/hour=07\/[0-9a-f]{64}\+2-[0-9a-f]{16}\.jsonl\.gz$/,
    );
    await archive(records);
    expect(await keysIn(bucket, "raw/")).toHaveLength(2);

    const read = [];
    for await (const raw of readArchive(emulator.s3, bucket, {
      since: new Date("2026-11-23T00:00:00Z"),
      until: new Date("2026-11-23T23:59:59Z"),
    })) {
      read.push(raw.eventId);
    }
    expect(read.sort()).toEqual([a.event.id, b.event.id, c.event.id].sort());
    expect(await findArchived(emulator.s3, bucket, b.event.id, new Date("2026-11-22T00:00:00Z"))).toEqual(
      b.raw,
    );
  });

  it("skips records without a raw request", async () => {
    const bucket = "archive-none";
    emulator.server.createBucket(bucket);
    const { event } = received("orders-complete.xml", "2026-11-23T07:10:00.000Z");
    expect(await createBatchArchive(emulator.s3, bucket)([recordOf(event, "1")])).toEqual([]);
  });

  it("filters by provider and time when reading back", async () => {
    const bucket = "archive-filter";
    emulator.server.createBucket(bucket);
    const early = received("orders-complete.xml", "2026-11-20T01:00:00.000Z");
    const late = received("portins-foc.xml", "2026-11-22T01:00:00.000Z");
    await createBatchArchive(
      emulator.s3,
      bucket,
    )([recordWithRaw(early.event, early.raw, "1"), recordWithRaw(late.event, late.raw, "2")]);
    const since = new Date("2026-11-21T00:00:00Z");
    const until = new Date("2026-11-23T00:00:00Z");
    const ids = async (provider?: string) => {
      const found = [];
      for await (const raw of readArchive(emulator.s3, bucket, {
        since,
        until,
        ...(provider ? { provider } : {}),
      }))
        found.push(raw.eventId);
      return found;
    };
    expect(await ids()).toEqual([late.event.id]);
    expect(await ids("bandwidth")).toEqual([late.event.id]);
    expect(await ids("telnyx")).toEqual([]);
  });

  it("names partitions by source, date and hour", () => {
    expect(partitionOf({ source: "bandwidth/v1", receivedAt: "2026-11-23T07:27:29.062Z" })).toBe(
      "raw/source=bandwidth-v1/date=2026-11-23/hour=07/",
    );
  });
});

describe("re-ingesting an archived request", () => {
  it("gives the same event, with the same id, and publishes it", async () => {
    const { event, raw } = received("portins-complete.xml", "2026-11-23T07:10:00.000Z");
    const again = reingest(raw, ROUTES);
    expect(again).toEqual(event);
    const queueUrl = await createFifoQueue(emulator.client, "replay");
    await createPublisher(emulator.client, queueUrl).publish(again, Date.now() + 5000);
    const [message] = await drain(emulator.client, queueUrl);
    expect(message?.Attributes?.MessageDeduplicationId).toBe(event.id);
  });

  it("refuses a request of a route it does not know", () => {
    const { raw } = received("orders-complete.xml", "2026-11-23T07:10:00.000Z");
    expect(() => reingest({ ...raw, route: "nope" }, ROUTES)).toThrow(/unknown route nope/);
  });

  it("re-ingests what a query selects, publishing unless it is a dry run", async () => {
    const bucket = "archive-reingest";
    emulator.server.createBucket(bucket);
    const { event, raw } = received("portins-foc.xml", "2026-11-23T07:20:00.000Z");
    await createBatchArchive(emulator.s3, bucket)([recordWithRaw(event, raw, "1")]);
    const query = { since: new Date("2026-11-23T00:00:00Z"), until: new Date("2026-11-24T00:00:00Z") };
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
    expect(await ids(createPublisher(emulator.client, queueUrl))).toEqual([event.id]);
    const [message] = await drain(emulator.client, queueUrl);
    expect(JSON.parse(message?.Body ?? "")).toEqual(event);
  });
});
