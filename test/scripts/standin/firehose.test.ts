import { gunzipSync } from "node:zlib";
import {
  FirehoseClient,
  InvalidArgumentException,
  PutRecordBatchCommand,
  PutRecordCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-firehose";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localClientConfig } from "../../../scripts/local/clientConfig.ts";
import { evaluatePrefix } from "../../../scripts/standin/firehose/prefix.ts";
import { type FirehoseStandIn, startFirehoseStandIn } from "../../../scripts/standin/firehose/server.ts";
import { type Emulator, startEmulator } from "../../helpers/emulator.ts";

let emulator: Emulator;
let standIn: FirehoseStandIn;
let client: FirehoseClient;
const BUCKET = "standin-firehose";
const stream = {
  name: "archive",
  bucket: BUCKET,
  prefix: "raw/date=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/",
  intervalSeconds: 900,
  sizeBytes: 64,
};

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.server.createBucket(BUCKET);
  standIn = await startFirehoseStandIn({ s3: emulator.s3, streams: [stream], flushMs: 3_600_000 });
  client = new FirehoseClient(localClientConfig(standIn.url));
});
afterAll(async () => {
  client.destroy();
  await standIn.close();
  await emulator.stop();
});

async function objects(): Promise<{ key: string; text: string }[]> {
  const page = await emulator.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  const found = [];
  for (const { Key: key = "" } of page.Contents ?? []) {
    const object = await emulator.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    found.push({
      key,
      text: gunzipSync((await object.Body?.transformToByteArray()) ?? new Uint8Array()).toString("utf8"),
    });
  }
  return found;
}

const data = (text: string) => ({ Data: Buffer.from(text) });

describe("the Firehose stand-in, through the real SDK client", () => {
  it("takes PutRecordBatch and PutRecord, and writes what it buffered as one gzipped object named as Firehose names it", async () => {
    const batch = await client.send(
      new PutRecordBatchCommand({ DeliveryStreamName: "archive", Records: [data("a\n"), data("b\n")] }),
    );
    expect(batch.FailedPutCount).toBe(0);
    expect(batch.RequestResponses?.map((entry) => Boolean(entry.RecordId))).toEqual([true, true]);
    const single = await client.send(
      new PutRecordCommand({ DeliveryStreamName: "archive", Record: data("c\n") }),
    );
    expect(single.RecordId).toMatch(/^[0-9a-f]{56}$/);
    expect(await objects()).toEqual([]);
    await standIn.flush();
    const [object, ...more] = await objects();
    expect(more).toEqual([]);
    expect(object?.text).toBe("a\nb\nc\n");
    expect(object?.key).toMatch(
      /^raw\/date=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\/archive-1-\1-\2-\d{2}-\d{2}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.gz$/,
    );
  });

  it("writes an object as soon as the buffer size is reached", async () => {
    await standIn.flush();
    const before = (await objects()).length;
    await client.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: "archive",
        Records: [data("x".repeat(stream.sizeBytes))],
      }),
    );
    // Written without a flush (the interval is an hour): the size alone triggers it.
    let count = before;
    for (let tries = 0; tries < 50 && count === before; tries++) {
      await new Promise((done) => setTimeout(done, 100));
      count = (await objects()).length;
    }
    expect(count).toBe(before + 1);
  });

  it("reports the records it was told to reject one by one, with an error code, and takes the others", async () => {
    standIn.rejectNext(1);
    const answer = await client.send(
      new PutRecordBatchCommand({ DeliveryStreamName: "archive", Records: [data("r\n"), data("s\n")] }),
    );
    expect(answer.FailedPutCount).toBe(1);
    expect(answer.RequestResponses?.[0]).toEqual({
      ErrorCode: "ServiceUnavailableException",
      ErrorMessage: "Slow down.",
    });
    expect(answer.RequestResponses?.[1]?.RecordId).toBeTruthy();
  });

  it("answers the API's errors: an unknown stream, and a call over the record limits", async () => {
    await expect(
      client.send(new PutRecordBatchCommand({ DeliveryStreamName: "nope", Records: [data("a")] })),
    ).rejects.toThrow(ResourceNotFoundException);
    const tooMany = Array.from({ length: 501 }, () => data("a"));
    await expect(
      client.send(new PutRecordBatchCommand({ DeliveryStreamName: "archive", Records: tooMany })),
    ).rejects.toThrow(InvalidArgumentException);
    await expect(
      client.send(
        new PutRecordBatchCommand({
          DeliveryStreamName: "archive",
          Records: [data("x".repeat(1000 * 1024 + 1))],
        }),
      ),
    ).rejects.toThrow(InvalidArgumentException);
  });

  it("writes what it still buffers when it closes", async () => {
    await standIn.flush();
    const second = await startFirehoseStandIn({ s3: emulator.s3, streams: [stream], flushMs: 3_600_000 });
    const secondClient = new FirehoseClient(localClientConfig(second.url));
    const before = (await objects()).length;
    await secondClient.send(new PutRecordCommand({ DeliveryStreamName: "archive", Record: data("last\n") }));
    secondClient.destroy();
    await second.close();
    const after = await objects();
    expect(after.length).toBe(before + 1);
    expect(after.map((object) => object.text)).toContain("last\n");
  });
});

describe("evaluating a Firehose prefix", () => {
  it("formats the timestamp namespace in UTC, with quoted literals, and refuses what it cannot evaluate", () => {
    const at = new Date("2026-11-23T07:05:09.123Z");
    expect(evaluatePrefix("raw/date=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/", at)).toBe(
      "raw/date=2026-11-23/hour=07/",
    );
    expect(evaluatePrefix("t=!{timestamp:yyyy'-'MM'-'dd'T'HH:mm:ss}/", at)).toBe("t=2026-11-23T07:05:09/");
    expect(() => evaluatePrefix("!{firehose:random-string}/", at)).toThrow(/cannot evaluate/);
    expect(() => evaluatePrefix("!{timestamp:EEE}/", at)).toThrow(/does not format "E"/);
  });
});
