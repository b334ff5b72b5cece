import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFirehoseArchive } from "../../../lib/archive/firehoseArchive.ts";
import type { DeliveryMessage } from "../../../lib/delivery/deliveryMessage.ts";
import { loadDestinations } from "../../../lib/destinations/config.ts";
import { createFanout } from "../../../lib/fanout/fanout.ts";
import { packRawRequest, rawRequestOf } from "../../../lib/http/rawRequest.ts";
import { logger } from "../../../lib/log.ts";
import { orderStateTable } from "../../../lib/orderState/orderStateTable.ts";
import { captureLogs } from "../../helpers/captureLogs.ts";
import { startDirectoryDb } from "../../helpers/directory.ts";
import { createFifoQueue, drain, startEmulator } from "../../helpers/emulator.ts";
import { orderEvent } from "../../helpers/events.ts";
import { type ArchiveStream, startArchiveStream } from "../../helpers/firehose.ts";
import { recordOf } from "../../helpers/sqsRecords.ts";

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let db: Awaited<ReturnType<typeof startDirectoryDb>>;
let stream: ArchiveStream;
beforeAll(async () => {
  emulator = await startEmulator();
  db = await startDirectoryDb();
  stream = await startArchiveStream(emulator, "fanout-archive");
});
afterAll(async () => {
  await stream.stop();
  await emulator.stop();
  await db.stop();
});

const destinations = loadDestinations(
  JSON.stringify({
    destinations: [
      { name: "audit", type: "file", path: "/tmp/unused.jsonl" },
      { name: "crm", type: "http", url: "https://crm.example.com", filter: { statuses: ["complete"] } },
    ],
  }),
);

async function setUp(name: string, withOrderState = false, orderStateProviders?: string[]) {
  const deliveriesQueueUrl = await createFifoQueue(emulator.client, name);
  const archive = createFirehoseArchive(stream.client, stream.name);
  const fanout = createFanout({
    destinations,
    client: emulator.sqs,
    deliveriesQueueUrl,
    archive,
    ...(withOrderState ? { orderState: orderStateTable(db.dynamoDb, "OrderStateTable", 1) } : {}),
    ...(orderStateProviders ? { orderStateProviders } : {}),
  });
  const queued = async () =>
    (await drain(emulator.client, deliveriesQueueUrl)).map((message) => ({
      group: message.Attributes?.MessageGroupId,
      ...(JSON.parse(message.Body ?? "") as DeliveryMessage),
    }));
  return { fanout, queued };
}

describe("createFanout", () => {
  it("queues one delivery per destination whose filter matches, grouped by destination and order", async () => {
    const { fanout, queued } = await setUp("fanout-split");
    const processing = orderEvent("A", 1);
    const complete = orderEvent("A", 2, { status: "complete" });
    const response = await fanout({ Records: [recordOf(processing, "1"), recordOf(complete, "2")] });
    expect(response.batchItemFailures).toEqual([]);
    const deliveries = await queued();
    expect(deliveries.map((d) => [d.destination, d.event.id]).sort()).toEqual([
      ["audit", "evt-A-1"],
      ["audit", "evt-A-2"],
      ["crm", "evt-A-2"],
    ]);
    const audit = deliveries.filter((d) => d.destination === "audit");
    expect(new Set(audit.map((d) => d.group)).size).toBe(1);
    expect(deliveries.find((d) => d.destination === "crm")?.group).not.toBe(audit[0]?.group);
    expect(Date.parse(deliveries[0]?.queuedAt ?? "")).not.toBeNaN();
  });

  it("queues a redelivered ingest record only once per destination (deduplication by event and destination)", async () => {
    const { fanout, queued } = await setUp("fanout-dedup");
    const event = orderEvent("B", 1);
    await fanout({ Records: [recordOf(event, "1")] });
    await fanout({ Records: [recordOf(event, "1-again")] });
    expect((await queued()).map((d) => d.destination)).toEqual(["audit"]);
  });

  it("fails a record it cannot queue and the later records of its order, but not other orders", async () => {
    const { fanout, queued } = await setUp("fanout-fail");
    // Over SQS's message size limit: the deliveries of this event cannot be queued.
    const tooBig = orderEvent("C", 1, { details: { blob: "x".repeat(1024 * 1024 + 1) } });
    const response = await fanout({
      Records: [recordOf(tooBig, "1"), recordOf(orderEvent("C", 2), "2"), recordOf(orderEvent("D", 1), "3")],
    });
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(["1", "2"]);
    expect((await queued()).map((d) => d.event.id)).toEqual(["evt-D-1"]);
  });
});

/** A queue record carrying its raw request, as ingest publishes it. */
function recordWithRaw(event: ReturnType<typeof orderEvent>, id: string) {
  const record = recordOf(event, id);
  const request = {
    method: "POST",
    path: "/telnyx/notifications",
    headers: { "content-type": "application/json" },
    rawBody: Buffer.from(JSON.stringify(event.data)),
    receivedAt: new Date().toISOString(),
  };
  const raw = rawRequestOf(request, "telnyx-notifications", event.source, event.id);
  record.messageAttributes.raw = {
    dataType: "Binary",
    binaryValue: Buffer.from(packRawRequest(raw)).toString("base64"),
  };
  return { record, raw };
}

describe("createFanout archiving raw requests", () => {
  it("archives the batch through the delivery stream first, one log line naming the stream and the events", async () => {
    const { fanout, queued } = await setUp("fanout-archive");
    const a = recordWithRaw(orderEvent("W", 1), "1");
    const b = recordWithRaw(orderEvent("X", 1), "2");
    const logs = captureLogs();
    logger.setLogLevel("INFO");
    logs.start();
    try {
      expect((await fanout({ Records: [a.record, b.record] })).batchItemFailures).toEqual([]);
    } finally {
      logs.stop();
      logger.setLogLevel("SILENT");
    }
    const archived = logs.logged
      .flatMap((line) => line.split("\n"))
      .filter((line) => line.includes('"archived"'))
      .map((line) => JSON.parse(line) as Record<string, string>);
    expect(archived).toHaveLength(1);
    expect(archived[0]).toMatchObject({ stream: "ArchiveDeliveryStream", eventIds: "evt-W-1 evt-X-1" });
    expect(archived[0]?.recordIds).toMatch(/^[0-9a-f]{56}$/);
    expect((await queued()).map((d) => d.event.id).sort()).toEqual(["evt-W-1", "evt-X-1"]);
  });

  it("fails the whole batch, queueing nothing, when the stream keeps refusing its records", async () => {
    const { fanout, queued } = await setUp("fanout-archive-down");
    stream.standIn.rejectNext(3);
    await expect(fanout({ Records: [recordWithRaw(orderEvent("Y", 1), "1").record] })).rejects.toThrow(
      /Firehose rejected 1 record\(s\) 3 times/,
    );
    expect(await queued()).toEqual([]);
  });
});

describe("createFanout with the order state table", () => {
  const reconciled = (orderId: string, sequence: number, status: string) =>
    orderEvent(orderId, sequence, { providerStatus: status, details: { recoveredBy: "reconciliation" } });

  it("marks an event older than the order's recorded state stale, and still delivers it", async () => {
    const { fanout, queued } = await setUp("state-stale", true);
    await fanout({ Records: [recordOf(orderEvent("S", 5, { providerStatus: "ported" }), "1")] });
    await fanout({ Records: [recordOf(orderEvent("S", 2, { providerStatus: "in-process" }), "2")] });
    const audit = (await queued()).filter((d) => d.destination === "audit");
    expect(audit.map((d) => [d.event.id, d.event.data.details.stale])).toEqual([
      ["evt-S-5", undefined],
      ["evt-S-2", true],
    ]);
  });

  it("does not deliver the late live notification of a change reconciliation delivered, but a later one", async () => {
    const { fanout, queued } = await setUp("state-late", true);
    await fanout({ Records: [recordOf(reconciled("L", 3, "ported"), "1")] });
    // The live notification of the same change, hours later: same status, same provider time.
    const late = orderEvent("L", 3, { providerStatus: "ported" });
    await fanout({ Records: [recordOf({ ...late, id: "evt-L-3-live" }, "2")] });
    await fanout({ Records: [recordOf(orderEvent("L", 9, { providerStatus: "ported" }), "3")] });
    const audit = (await queued()).filter((d) => d.destination === "audit");
    expect(audit.map((d) => d.event.id)).toEqual(["evt-L-3", "evt-L-9"]);
  });

  it("does not deliver a reconciled change whose live notification got through first", async () => {
    const { fanout, queued } = await setUp("state-seen", true);
    await fanout({ Records: [recordOf(orderEvent("R", 3, { providerStatus: "ported" }), "1")] });
    await fanout({ Records: [recordOf({ ...reconciled("R", 3, "ported"), id: "evt-R-3-rec" }, "2")] });
    expect((await queued()).filter((d) => d.destination === "audit").map((d) => d.event.id)).toEqual([
      "evt-R-3",
    ]);
  });

  it("compares only the providers it is told to: a Telnyx event goes through unmarked when only Bandwidth is tracked", async () => {
    const { fanout, queued } = await setUp("state-providers", true, ["bandwidth"]);
    await fanout({ Records: [recordOf(orderEvent("P", 5, { providerStatus: "ported" }), "1")] });
    await fanout({ Records: [recordOf(orderEvent("P", 2, { providerStatus: "in-process" }), "2")] });
    const audit = (await queued()).filter((d) => d.destination === "audit");
    expect(audit.map((d) => [d.event.id, d.event.data.details.stale])).toEqual([
      ["evt-P-5", undefined],
      ["evt-P-2", undefined],
    ]);
  });
});
