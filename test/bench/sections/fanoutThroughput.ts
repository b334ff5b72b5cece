import { type ChildProcess, spawn } from "node:child_process";
import { S3Client } from "@aws-sdk/client-s3";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";
import { startFauxqs } from "fauxqs";
import type { CanonicalEvent } from "../../../lib/event/canonical.ts";
import { orderEvent } from "../../helpers/events.ts";
import { percentile, type Row } from "../measure.ts";

const EVENTS = 1500;
const ORDERS = 100;
const DELIVER_BATCHES = 100;

/**
 * Fan-out throughput through the embedded queue: events preloaded on a FIFO events queue go through
 * the real fan-out (routing to the deliveries queue) and deliver handlers, fed by the local runtime's
 * poller, to three HTTP destinations in another process — timed until every destination has every
 * event. (The preloaded events carry no raw request, so the archive step writes nothing here; the
 * fan-out batch section measures it.) Beside it, the same emulator's raw rate of receiving and deleting messages from a FIFO
 * queue with a bare loop, the ceiling for any consumer of it. And the duration of one deliver
 * invocation for a full batch, which the cost model bills.
 */
export async function fanoutThroughput(): Promise<Row[]> {
  // Quiet, and no EMF (the metrics module reads this when it is first imported, below).
  process.env.METRICS_DISABLED = "true";
  const { logger } = await import("../../../lib/log.ts");
  logger.setLogLevel("SILENT");
  const { createFanout } = await import("../../../lib/fanout/fanout.ts");
  const { createFirehoseArchive } = await import("../../../lib/archive/firehoseArchive.ts");
  const { firehose: firehoseCalls } = await import("../../../lib/aws/firehose.ts");
  const { sqs } = await import("../../../lib/aws/sqs.ts");
  const { startFirehoseStandIn } = await import("../../../scripts/standin/firehose/server.ts");
  const { createDeliverer } = await import("../../../lib/delivery/deliverBatch.ts");
  const { loadDestinations } = await import("../../../lib/destinations/config.ts");
  const { startPoller } = await import("../../../scripts/local/sqsPoller.ts");

  const emulator = await startFauxqs({ port: 0, logger: false });
  const aws = {
    endpoint: emulator.address,
    region: "us-east-1",
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  };
  const client = new SQSClient(aws);
  const s3 = new S3Client({ ...aws, forcePathStyle: true });
  emulator.createBucket("bench-archive");
  const firehose = await startFirehoseStandIn({
    s3,
    streams: [
      { name: "bench", bucket: "bench-archive", prefix: "raw/", intervalSeconds: 900, sizeBytes: 128 << 20 },
    ],
  });
  const env = {
    AWS_REGION: aws.region,
    AWS_ACCESS_KEY_ID: aws.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: aws.credentials.secretAccessKey,
  };
  const firehoseClient = firehoseCalls({ ...env, AWS_ENDPOINT_URL_FIREHOSE: firehose.url });
  // The fan-out's and deliver's own SQS calls (the poller and the preloading use the SDK client).
  const ownQueues = sqs("ownQueues", { ...env, AWS_ENDPOINT_URL_SQS: emulator.address });
  const fifo = async (name: string) =>
    (
      await client.send(
        new CreateQueueCommand({ QueueName: `${name}.fifo`, Attributes: { FifoQueue: "true" } }),
      )
    ).QueueUrl ?? "";
  const events = Array.from({ length: EVENTS }, (_, i) => orderEvent(`order-${i % ORDERS}`, i));

  // Raw: receive + delete, batch 10, one loop — what the emulator itself sustains.
  const rawQueue = await fifo("bench-raw");
  await preload(client, rawQueue, events);
  const rawStarted = performance.now();
  let received = 0;
  while (received < EVENTS) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: rawQueue, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    received += Messages.length;
    if (Messages.length > 0) {
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: rawQueue,
          Entries: Messages.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
  }
  const rawRate = EVENTS / ((performance.now() - rawStarted) / 1000);

  // Fan-out: events → fanout → deliveries → deliver → 3 HTTP destinations, with one deliver poller
  // (one Lambda instance) and with four (Lambda scales the deliver function out by message group).
  const receivers = await startReceivers(3);
  const destinations = loadDestinations(
    JSON.stringify({
      destinations: receivers.urls.map((url, index) => ({ name: `http-${index}`, type: "http", url })),
    }),
  );
  const queue = (url: string, name: string) => ({
    name,
    url,
    arn: `arn:aws:sqs:us-east-1:000000000000:${name}`,
  });
  const pipelineRate = async (run: string, deliverPollers: number): Promise<number> => {
    const eventsQueue = await fifo(`${run}-events`);
    const deliveriesQueue = await fifo(`${run}-deliveries`);
    const deadLetterQueue = await fifo(`${run}-dlq`);
    await preload(client, eventsQueue, events);
    const before = await receivers.minimumCount();
    const started = performance.now();
    const fanout = createFanout({
      destinations,
      client: ownQueues,
      deliveriesQueueUrl: deliveriesQueue,
      archive: createFirehoseArchive(firehoseClient, "bench"),
    });
    const deliver = createDeliverer({
      destinations,
      client: ownQueues,
      queueUrl: deliveriesQueue,
      deadLetterQueueUrl: deadLetterQueue,
      concurrency: 10,
    });
    const pollers = [
      startPoller({
        client,
        queue: queue(eventsQueue, `${run}-events.fifo`),
        functionName: "fanout",
        handler: fanout,
        batchSize: 10,
        timeoutSeconds: 60,
        retryDelaySeconds: 1,
      }),
      ...Array.from({ length: deliverPollers }, () =>
        startPoller({
          client,
          queue: queue(deliveriesQueue, `${run}-deliveries.fifo`),
          functionName: "deliver",
          handler: deliver,
          batchSize: 10,
          timeoutSeconds: 120,
          retryDelaySeconds: undefined,
        }),
      ),
    ];
    while ((await receivers.minimumCount()) < before + EVENTS)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const rate = EVENTS / ((performance.now() - started) / 1000);
    await Promise.all(pollers.map((poller) => poller.stop()));
    return rate;
  };
  const oneRate = await pipelineRate("bench-one", 1);
  const fourRate = await pipelineRate("bench-four", 4);

  // One deliver invocation: a full batch of 10 deliveries (10 orders) to one HTTP destination, as
  // the cost model bills the deliver Lambda.
  const deliverBatch = createDeliverer({
    destinations,
    client: ownQueues,
    queueUrl: "unused: every delivery succeeds",
    deadLetterQueueUrl: "unused: every delivery succeeds",
    concurrency: 10,
  });
  const batchMillis: number[] = [];
  for (let batch = 0; batch < DELIVER_BATCHES; batch++) {
    const records = events
      .slice(batch * 10, batch * 10 + 10)
      .map((event, index) => deliveryRecord(event, index));
    const started = performance.now();
    const response = await deliverBatch({ Records: records });
    batchMillis.push(performance.now() - started);
    if (response.batchItemFailures.length > 0) throw new Error("a benchmark delivery failed");
  }
  receivers.child.kill();
  client.destroy();
  await firehose.close();
  s3.destroy();
  await emulator.stop();

  return [
    {
      id: "fanout.rawReceiveRate",
      section: "fan-out",
      name: `emulator raw FIFO receive+delete (1 loop, batch 10, ${ORDERS} groups)`,
      value: rawRate,
      unit: "msg/s",
    },
    {
      id: "fanout.deliveredEventsRate",
      section: "fan-out",
      name: "events delivered to 3 HTTP destinations (fanout + 1 deliver poller)",
      value: oneRate,
      unit: "events/s",
      baseline: { name: "raw receive", ratio: oneRate / rawRate },
    },
    {
      id: "fanout.deliveredEventsRate4",
      section: "fan-out",
      name: "events delivered to 3 HTTP destinations (fanout + 4 deliver pollers)",
      value: fourRate,
      unit: "events/s",
      baseline: { name: "raw receive", ratio: fourRate / rawRate },
    },
    {
      id: "deliver.batchMillis",
      section: "fan-out",
      name: `one deliver batch of 10 to an HTTP destination (p50; p99 ${percentile(batchMillis, 99).toFixed(1)} ms)`,
      value: percentile(batchMillis, 50),
      unit: "ms",
    },
  ];
}

/** An SQS record carrying one delivery to `http-0`, as Lambda hands it to the deliver function. */
function deliveryRecord(event: CanonicalEvent, index: number): SQSRecord {
  return {
    messageId: `bench-${index}`,
    receiptHandle: `bench-${index}`,
    body: JSON.stringify({ destination: "http-0", queuedAt: new Date().toISOString(), event }),
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: String(Date.now()),
      SenderId: "bench",
      ApproximateFirstReceiveTimestamp: String(Date.now()),
      MessageGroupId: `http-0|${event.data.orderId}`,
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:deliveries.fifo",
    awsRegion: "us-east-1",
  };
}

async function preload(
  client: SQSClient,
  queueUrl: string,
  events: readonly CanonicalEvent[],
): Promise<void> {
  for (let i = 0; i < events.length; i += 10) {
    await client.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: events.slice(i, i + 10).map((event, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(event),
          MessageGroupId: event.data.orderId ?? "none",
          MessageDeduplicationId: event.id,
        })),
      }),
    );
  }
}

/** `count` HTTP destinations in one child process, each answering 204 and counting what it got. */
async function startReceivers(count: number): Promise<{
  urls: string[];
  child: ChildProcess;
  minimumCount(): Promise<number>;
}> {
  const source = `
    const http = require("node:http");
    const counts = [];
    let ready = 0;
    const ports = [];
    for (let i = 0; i <= ${count}; i++) {
      const index = i;
      counts.push(0);
      const server = http.createServer((req, res) => {
        req.resume();
        req.on("end", () => {
          if (index === ${count}) return res.writeHead(200).end(String(Math.min(...counts.slice(0, ${count}))));
          counts[index]++;
          res.writeHead(204).end();
        });
      });
      server.listen(0, "127.0.0.1", () => {
        ports[index] = server.address().port;
        if (++ready === ${count + 1}) console.log(ports.join(","));
      });
    }`;
  const child = spawn(process.execPath, ["-e", source], { stdio: ["ignore", "pipe", "inherit"] });
  const ports = await new Promise<string[]>((done) =>
    child.stdout?.once("data", (chunk) => done(String(chunk).trim().split(","))),
  );
  const control = `http://127.0.0.1:${ports[count]}/`;
  return {
    urls: ports.slice(0, count).map((port) => `http://127.0.0.1:${port}/hook`),
    child,
    minimumCount: async () => Number(await (await fetch(control)).text()),
  };
}
