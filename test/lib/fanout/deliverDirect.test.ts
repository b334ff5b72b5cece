import { CreateQueueCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFirehoseArchive } from "../../../lib/archive/firehoseArchive.ts";
import { sqs } from "../../../lib/aws/sqs.ts";
import { createDeliverer } from "../../../lib/delivery/deliverBatch.ts";
import type { DeliveryMessage } from "../../../lib/delivery/deliveryMessage.ts";
import { dynamoSpillSwitch } from "../../../lib/delivery/spillSwitch.ts";
import { parseDestinations } from "../../../lib/destinations/config.ts";
import { DRIVERS } from "../../../lib/destinations/registry.ts";
import { createSqsDriver } from "../../../lib/destinations/sqs.ts";
import type { CanonicalEvent } from "../../../lib/event/canonical.ts";
import { createFanout } from "../../../lib/fanout/fanout.ts";
import { orderStateTable } from "../../../lib/orderState/orderStateTable.ts";
import { localServiceEnvironment } from "../../../scripts/local/clientConfig.ts";
import { type AwsJsonProxy, startAwsJsonProxy } from "../../helpers/awsJsonProxy.ts";
import { startDirectoryDb } from "../../helpers/directory.ts";
import { createFifoQueue, drain, startEmulator } from "../../helpers/emulator.ts";
import { orderEvent } from "../../helpers/events.ts";
import { type ArchiveStream, startArchiveStream } from "../../helpers/firehose.ts";
import { recordOf } from "../../helpers/sqsRecords.ts";

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let db: Awaited<ReturnType<typeof startDirectoryDb>>;
let stream: ArchiveStream;
/** What the SQS destination driver sends goes through this proxy, which records each request's operation. */
let destinationProxy: AwsJsonProxy;
let destinationCommands: string[] = [];
let drivers: typeof DRIVERS;
beforeAll(async () => {
  emulator = await startEmulator();
  db = await startDirectoryDb();
  stream = await startArchiveStream(emulator, "direct-archive");
  destinationProxy = await startAwsJsonProxy(emulator.server.address);
  destinationCommands = destinationProxy.operations;
  drivers = {
    ...DRIVERS,
    sqs: createSqsDriver(sqs("destination", localServiceEnvironment("sqs", destinationProxy.url))),
  };
});
afterAll(async () => {
  await destinationProxy.stop();
  await stream.stop();
  await emulator.stop();
  await db.stop();
});

/** A fan-out sending to the SQS queue `queueUrl` (direct unless told otherwise) and to an HTTP destination through the deliveries queue. */
async function setUp(
  name: string,
  queueUrl: string,
  options: { direct?: boolean; spillHoldMs?: number } = {},
) {
  const deliveriesQueueUrl = await createFifoQueue(emulator.client, `${name}-deliveries`);
  const destinations = parseDestinations(
    {
      destinations: [
        { name: "consumer", type: "sqs", queueUrl, ...(options.direct === false ? { direct: false } : {}) },
        { name: "crm", type: "http", url: "https://crm.example.com" },
      ],
    },
    drivers,
  );
  const spill = dynamoSpillSwitch(db.dynamoDb, "OrderStateTable");
  const fanout = createFanout({
    destinations,
    client: emulator.sqs,
    deliveriesQueueUrl,
    archive: createFirehoseArchive(stream.client, stream.name),
    orderState: orderStateTable(db.dynamoDb, "OrderStateTable", 1),
    orderStateProviders: ["bandwidth"],
    spill,
    spillHoldMs: options.spillHoldMs ?? 60_000,
  });
  const queued = async () =>
    (await drain(emulator.client, deliveriesQueueUrl)).map(
      (message) => JSON.parse(message.Body ?? "") as DeliveryMessage,
    );
  return { fanout, queued, destinations, spill, deliveriesQueueUrl };
}

const idsAt = async (queueUrl: string) =>
  (await drain(emulator.client, queueUrl)).map(
    (message) => (JSON.parse(message.Body ?? "") as CanonicalEvent).id,
  );

/** Ten events: orders A and B three each, C to F one each, in the order the events queue gives them. */
const batch = () =>
  [
    orderEvent("A", 1),
    orderEvent("B", 1),
    orderEvent("A", 2),
    orderEvent("C", 1),
    orderEvent("B", 2),
    orderEvent("A", 3),
    orderEvent("D", 1),
    orderEvent("B", 3),
    orderEvent("E", 1),
    orderEvent("F", 1),
  ].map((event, index) => recordOf(event, `m-${index}`));

describe("direct delivery to SQS destinations", () => {
  it("sends a batch to the queue itself, an order's events one round apart, the others through the deliveries queue", async () => {
    const consumer = await createFifoQueue(emulator.client, "direct-consumer");
    const { fanout, queued } = await setUp("direct-happy", consumer);
    destinationCommands.length = 0;
    const response = await fanout({ Records: batch() });
    expect(response.batchItemFailures).toEqual([]);
    // Round 1: A-1 B-1 C-1 D-1 E-1 F-1; round 2: A-2 B-2; round 3: A-3 B-3.
    expect(destinationCommands).toEqual(["SendMessageBatch", "SendMessageBatch", "SendMessageBatch"]);
    const received = await idsAt(consumer);
    expect(received.filter((id) => id.startsWith("evt-A"))).toEqual(["evt-A-1", "evt-A-2", "evt-A-3"]);
    expect(received.filter((id) => id.startsWith("evt-B"))).toEqual(["evt-B-1", "evt-B-2", "evt-B-3"]);
    expect(received).toHaveLength(10);
    // Only the HTTP destination's deliveries are on the deliveries queue.
    expect(new Set((await queued()).map((delivery) => delivery.destination))).toEqual(new Set(["crm"]));
  });

  it("sends through the deliveries queue a destination configured with direct: false", async () => {
    const consumer = await createFifoQueue(emulator.client, "direct-off-consumer");
    const { fanout, queued } = await setUp("direct-off", consumer, { direct: false });
    destinationCommands.length = 0;
    await fanout({ Records: batch().slice(0, 2) });
    expect(destinationCommands).toEqual([]);
    expect((await queued()).filter((d) => d.destination === "consumer").map((d) => d.event.id)).toEqual([
      "evt-A-1",
      "evt-B-1",
    ]);
  });

  it("spills a refusing queue's deliveries to the deliveries queue in order, and keeps it there until the hold ends", async () => {
    const missing = `http://127.0.0.1:1/000000000000/spill-consumer-${Date.now()}.fifo`;
    const { fanout, queued, spill } = await setUp("direct-spill", missing, { spillHoldMs: 1500 });
    const response = await fanout({ Records: batch() });
    expect(response.batchItemFailures).toEqual([]);
    const first = await queued();
    const consumerDeliveries = first.filter((d) => d.destination === "consumer").map((d) => d.event.id);
    expect(consumerDeliveries).toHaveLength(10);
    expect(consumerDeliveries.filter((id) => id.startsWith("evt-A"))).toEqual([
      "evt-A-1",
      "evt-A-2",
      "evt-A-3",
    ]);
    // The healthy destination got each event once.
    expect(first.filter((d) => d.destination === "crm")).toHaveLength(10);
    expect(await spill.spilling(["consumer"])).toEqual(new Set(["consumer"]));

    // While it spills, later events go the same way (behind the earlier ones), not straight to the queue.
    destinationCommands.length = 0;
    await fanout({ Records: [recordOf(orderEvent("A", 4), "m-10")] });
    expect(destinationCommands).toEqual([]);
    expect((await queued()).filter((d) => d.destination === "consumer").map((d) => d.event.id)).toEqual([
      "evt-A-4",
    ]);

    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(await spill.spilling(["consumer"])).toEqual(new Set());
  });

  it("fails the events neither the queue nor the deliveries queue takes, with the later events of their orders", async () => {
    const missing = `http://127.0.0.1:1/000000000000/lost-consumer-${Date.now()}.fifo`;
    const broken = createFanout({
      destinations: parseDestinations(
        { destinations: [{ name: "nowhere", type: "sqs", queueUrl: missing }] },
        drivers,
      ),
      client: emulator.sqs,
      deliveriesQueueUrl: `${missing}-deliveries`,
      archive: async () => undefined,
      spill: dynamoSpillSwitch(db.dynamoDb, "OrderStateTable"),
    });
    const response = await broken({ Records: batch().slice(0, 3) });
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual([
      "m-0",
      "m-1",
      "m-2",
    ]);
  });

  it("the deliver function keeps a spilling destination on the deliveries queue while its deliveries wait", async () => {
    const consumer = await createFifoQueue(emulator.client, "keep-consumer");
    const { destinations, spill } = await setUp("keep", consumer);
    const deliveries = await createFifoQueue(emulator.client, "keep-deliveries");
    await emulator.client.send(
      new CreateQueueCommand({ QueueName: "keep-dlq.fifo", Attributes: { FifoQueue: "true" } }),
    );
    const deliverer = createDeliverer({
      destinations,
      client: emulator.sqs,
      queueUrl: deliveries,
      deadLetterQueueUrl: `${deliveries.replace("keep-deliveries", "keep-dlq")}`,
      concurrency: 10,
      spill,
      spillHoldMs: 60_000,
    });
    const event = orderEvent("K", 1);
    const message: DeliveryMessage = { destination: "consumer", queuedAt: new Date().toISOString(), event };
    const record = { ...recordOf(event, "k-1"), body: JSON.stringify(message) };
    const response = await deliverer({ Records: [record] });
    expect(response.batchItemFailures).toEqual([]);
    expect(await idsAt(consumer)).toEqual(["evt-K-1"]);
    expect(await spill.spilling(["consumer", "crm"])).toEqual(new Set(["consumer"]));
  });
});
