import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { createFirehoseArchive } from "../../../lib/archive/firehoseArchive.ts";
import { dynamoDb } from "../../../lib/aws/dynamoDb.ts";
import { sqs } from "../../../lib/aws/sqs.ts";
import { dynamoSpillSwitch } from "../../../lib/delivery/spillSwitch.ts";
import { parseDestinations } from "../../../lib/destinations/config.ts";
import { DRIVERS } from "../../../lib/destinations/registry.ts";
import { createSqsDriver } from "../../../lib/destinations/sqs.ts";
import { createFanout } from "../../../lib/fanout/fanout.ts";
import { packRawRequest, rawRequestOf } from "../../../lib/http/rawRequest.ts";
import { orderStateTable } from "../../../lib/orderState/orderStateTable.ts";
import { normalizeNotification } from "../../../lib/providers/bandwidth/v1/normalizeNotification.ts";
import { localClientConfig, localServiceEnvironment } from "../../../scripts/local/clientConfig.ts";
import { startEmulatorsThread } from "../../../scripts/local/emulatorsThread.ts";
import { createTables } from "../../../scripts/local/tables.ts";
import { readServiceTemplate } from "../../../scripts/local/template.ts";
import { createFifoQueue } from "../../helpers/emulator.ts";
import { startArchiveStream } from "../../helpers/firehose.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { recordOf } from "../../helpers/sqsRecords.ts";
import { percentile, type Row } from "../measure.ts";

const BATCHES = 200;
const BATCH_SIZE = 10;

/**
 * One fan-out invocation for a full FIFO batch (10 Bandwidth v1 events of 10 orders), as the cost
 * model's path runs it: archive the raw requests (one PutRecordBatch to the Firehose stand-in), read
 * the spill switch, claim each order's state (DynamoDB), and send the batch straight to the default
 * destination, an SQS queue. The emulators run on a thread of their own, so the fan-out thread's
 * CPU (`process.threadCpuUsage`) is the function's own work: our code and the SDK clients, plus
 * the Firehose stand-in's HTTP handling, an upper bound. That CPU is what the cost model bills
 * (lib/cost/inputs.ts), with AWS's documented latencies added; the wall time is listed beside it.
 */
export async function fanoutBatch(): Promise<Row[]> {
  const emulators = await startEmulatorsThread({
    host: "127.0.0.1",
    emulatorPort: 0,
    dynamoDbPort: 0,
    dataDir: mkdtempSync(join(tmpdir(), "bench-fanout-")),
  });
  /** Creates the queues; the fan-out itself sends without the SDK. */
  const admin = new SQSClient({ ...localClientConfig(emulators.emulatorUrl), useQueueUrlAsEndpoint: false });
  const s3 = new S3Client({ ...localClientConfig(emulators.emulatorUrl), forcePathStyle: true });
  const db = dynamoDb(localServiceEnvironment("dynamodb", emulators.dynamoDbUrl));
  // The fan-out's own SQS calls, pointed at the emulator as `npm start` points them.
  const calls = (use: "ownQueues" | "destination") =>
    sqs(use, localServiceEnvironment("sqs", emulators.emulatorUrl));
  await createTables(
    emulators.dynamoDbUrl,
    readServiceTemplate(resolve(import.meta.dirname, "../../../serverless.yml")).tables,
    "",
  );
  const stream = await startArchiveStream({ s3 }, "bench-archive");
  const queueUrl = await createFifoQueue(admin, "bench-consumer");
  const spill = dynamoSpillSwitch(db, "OrderStateTable");
  const fanout = createFanout({
    // The consumer queue's driver sends to the emulator, as the registered one does under `npm start`.
    destinations: parseDestinations(
      { destinations: [{ name: "consumer", type: "sqs", queueUrl }] },
      { ...DRIVERS, sqs: createSqsDriver(calls("destination")) },
    ),
    client: calls("ownQueues"),
    deliveriesQueueUrl: await createFifoQueue(admin, "bench-deliveries"),
    archive: createFirehoseArchive(stream.client, stream.name),
    orderState: orderStateTable(db, "OrderStateTable", 1),
    orderStateProviders: ["bandwidth"],
    spill,
  });
  const body = fixture("bandwidth/v1/portins-complete.xml");
  const durations: number[] = [];
  const cpu: number[] = [];
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
    const cpuBefore = process.threadCpuUsage();
    const started = performance.now();
    const { batchItemFailures } = await fanout({ Records: records });
    durations.push(performance.now() - started);
    const used = process.threadCpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
    if (batchItemFailures.length > 0)
      throw new Error(`the fan-out failed ${batchItemFailures.length} record(s)`);
  }
  // A refused direct send spills to the deliveries queue and still answers no failure: that path is not the one measured.
  if ((await spill.spilling(["consumer"])).size > 0)
    throw new Error("the direct send to the consumer queue failed: the bench measured the spill path");
  await stream.stop();
  admin.destroy();
  s3.destroy();
  await emulators.stop();
  return [
    {
      id: "fanout.batchMillis",
      section: "fan-out",
      name: `one batch of ${BATCH_SIZE}, the fan-out thread's CPU: archive through Firehose + spill switch + order state + send to the consumer queue (p50; p99 ${percentile(cpu, 99).toFixed(1)} ms)`,
      value: percentile(cpu, 50),
      unit: "ms",
    },
    {
      id: "fanout.batchWallMillis",
      section: "fan-out",
      name: `the same batch, wall time with the emulators on their own thread (p50; p99 ${percentile(durations, 99).toFixed(1)} ms)`,
      value: percentile(durations, 50),
      unit: "ms",
    },
  ];
}
