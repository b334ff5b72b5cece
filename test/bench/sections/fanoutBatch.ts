import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFirehoseArchive } from "../../../lib/archive/firehoseArchive.ts";
import { loadDestinations } from "../../../lib/destinations/config.ts";
import { createFanout } from "../../../lib/fanout/fanout.ts";
import { packRawRequest, rawRequestOf } from "../../../lib/http/rawRequest.ts";
import { orderStateTable } from "../../../lib/orderState/orderStateTable.ts";
import { normalizeNotification } from "../../../lib/providers/bandwidth/v1/normalizeNotification.ts";
import { startDirectoryDb } from "../../helpers/directory.ts";
import { createFifoQueue, startEmulator } from "../../helpers/emulator.ts";
import { startArchiveStream } from "../../helpers/firehose.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { recordOf } from "../../helpers/sqsRecords.ts";
import { percentile, type Row } from "../measure.ts";

const BATCHES = 200;
const BATCH_SIZE = 10;

/**
 * How long one fan-out invocation takes for a full FIFO batch (10 events): archive the raw requests
 * (one PutRecordBatch to the Firehose stand-in, which writes to the embedded S3 later, as Firehose does), read and write each order's state (the embedded DynamoDB) and queue
 * one delivery per destination (one, a file) on the deliveries queue. This is the duration the cost model bills for the fan-out Lambda; the deliver
 * Lambda that then makes the deliveries is measured by the fan-out throughput section.
 */
export async function fanoutBatch(): Promise<Row[]> {
  const emulator = await startEmulator();
  const db = await startDirectoryDb();
  const stream = await startArchiveStream(emulator, "bench-archive");
  const path = join(mkdtempSync(join(tmpdir(), "bench-fanout-")), "events.jsonl");
  const fanout = createFanout({
    destinations: loadDestinations(JSON.stringify({ destinations: [{ name: "file", type: "file", path }] })),
    client: emulator.client,
    deliveriesQueueUrl: await createFifoQueue(emulator.client, "bench-deliveries"),
    archive: createFirehoseArchive(stream.client, stream.name),
    orderState: orderStateTable(db.dynamoDb, "OrderStateTable", 1),
  });
  const body = fixture("bandwidth/v1/portins-complete.xml");
  const durations: number[] = [];
  for (let batch = 0; batch < BATCHES; batch++) {
    const records = Array.from({ length: BATCH_SIZE }, (_, index) => {
      const xml = body.replaceAll("ee456cfb-d237-4adc-b3f8-9db03d2e62a2", `bench-order-${batch}-${index}`);
      const event = normalizeNotification(xml, new Date().toISOString());
      const raw = rawRequestOf(
        {
          method: "POST",
          path: "/",
          headers: {},
          rawBody: Buffer.from(xml),
          receivedAt: event.data.receivedAt,
        },
        "bandwidth-v1-notifications",
        event.source,
        event.id,
      );
      const record = recordOf(event, `${batch}-${index}`);
      record.messageAttributes.raw = {
        dataType: "Binary",
        binaryValue: Buffer.from(packRawRequest(raw)).toString("base64"),
      };
      return record;
    });
    const started = performance.now();
    await fanout({ Records: records });
    durations.push(performance.now() - started);
  }
  await stream.stop();
  await emulator.stop();
  await db.stop();
  const p50 = percentile(durations, 50);
  return [
    {
      id: "fanout.batchMillis",
      section: "fan-out",
      name: `one batch of ${BATCH_SIZE}: archive through Firehose + order state + queue the deliveries (p50; p99 ${percentile(durations, 99).toFixed(1)} ms)`,
      value: p50,
      unit: "ms",
    },
  ];
}
