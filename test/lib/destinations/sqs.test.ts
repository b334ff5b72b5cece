import { CreateQueueCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDestinations } from "../../../lib/destinations/config.ts";
import { createSqsDriver } from "../../../lib/destinations/sqs.ts";
import { messageGroupId } from "../../../lib/queue/messageGroup.ts";
import { createFifoQueue, drain, startEmulator } from "../../helpers/emulator.ts";
import { idsOf, orderEvent } from "../../helpers/events.ts";

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

describe("sqs destination", () => {
  it("keeps one message group per order on a FIFO queue and drops a repeated event id", async () => {
    const driver = createSqsDriver(emulator.sqs);
    const queueUrl = await createFifoQueue(emulator.client, "sqs-dest-fifo");
    const config = driver.parseConfig({ name: "q", type: "sqs", queueUrl }, "d");
    expect(config.fifo).toBe(true);
    const events = [orderEvent("A", 1), orderEvent("B", 1), orderEvent("A", 2), orderEvent("A", 1)];
    for (const event of events) await driver.deliver(driver.format(event, config), config);
    const messages = await drain(emulator.client, queueUrl);
    expect(idsOf(messages.map((m) => m.Body ?? "")).sort()).toEqual(["evt-A-1", "evt-A-2", "evt-B-1"]);
    const groupOf = Object.fromEntries(
      messages.map((m) => [JSON.parse(m.Body ?? "").id, m.Attributes?.MessageGroupId]),
    );
    expect(groupOf["evt-A-1"]).toBe(messageGroupId(orderEvent("A", 1)));
    expect(groupOf["evt-A-2"]).toBe(groupOf["evt-A-1"]);
    expect(messages[0]?.MessageAttributes?.type?.StringValue).toBe("port_in.status_changed");
  });

  it("carries text outside the Basic Multilingual Plane (emoji) unchanged", async () => {
    const driver = createSqsDriver(emulator.sqs);
    const queueUrl = await createFifoQueue(emulator.client, "sqs-dest-unicode");
    const config = driver.parseConfig({ name: "q", type: "sqs", queueUrl }, "d");
    const event = orderEvent("U", 1, { note: "ÿ 中文 🚀 请提供账单 📄" });
    await driver.deliver(driver.format(event, config), config);
    const [message] = await drain(emulator.client, queueUrl);
    expect(JSON.parse(message?.Body ?? "")).toEqual(event);
  });

  it("sends to a standard queue without FIFO attributes", async () => {
    const driver = createSqsDriver(emulator.sqs);
    const { QueueUrl = "" } = await emulator.client.send(
      new CreateQueueCommand({ QueueName: "sqs-dest-standard" }),
    );
    const config = driver.parseConfig({ name: "q", type: "sqs", queueUrl: QueueUrl }, "d");
    const input = driver.format(orderEvent("A", 1), config);
    expect(input).not.toHaveProperty("MessageGroupId");
    await driver.deliver(input, config);
    expect(idsOf((await drain(emulator.client, QueueUrl)).map((m) => m.Body ?? ""))).toEqual(["evt-A-1"]);
  });

  it("fails only the batch entries the queue refused, as permanent when SQS says the sender is at fault", async () => {
    const driver = createSqsDriver(emulator.sqs);
    const queueUrl = await createFifoQueue(emulator.client, "sqs-dest-partial");
    const config = driver.parseConfig({ name: "q", type: "sqs", queueUrl }, "d");
    const [first, second, third] = [orderEvent("P", 1), orderEvent("Q", 1), orderEvent("R", 1)].map((event) =>
      driver.format(event, config),
    );
    if (!first || !second || !third) throw new Error("no input");
    // A body SQS does not accept (U+0000 is outside its characters): InvalidMessageContents, the sender's fault.
    const refused = { ...second, MessageBody: "\u0000" };
    const failures = await driver.deliverBatch?.([first, refused, third], config);
    expect(failures?.map(({ index, error }) => ({ index, retryable: error.retryable }))).toEqual([
      { index: 1, retryable: false },
    ]);
    expect(failures?.[0]?.error.message).toMatch(/InvalidMessageContents/);
    expect(idsOf((await drain(emulator.client, queueUrl)).map((m) => m.Body ?? "")).sort()).toEqual([
      "evt-P-1",
      "evt-R-1",
    ]);
  });

  it("reads the queue URL from the variable named by queueUrlEnv, and requires exactly one of the two", () => {
    // The variables given to loadDestinations, as the functions give process.env.
    const env = { TEST_CONSUMER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/1/consumer.fifo" };
    const [destination] = loadDestinations(
      '{"destinations":[{"name":"consumer","type":"sqs","queueUrlEnv":"TEST_CONSUMER_QUEUE_URL"}]}',
      env,
    );
    expect(destination?.config).toMatchObject({ queueUrl: env.TEST_CONSUMER_QUEUE_URL, fifo: true });
    expect(() =>
      loadDestinations('{"destinations":[{"name":"c","type":"sqs","queueUrlEnv":"NOT_SET_ANYWHERE"}]}', env),
    ).toThrow(/variable NOT_SET_ANYWHERE is not set/);
    expect(() => loadDestinations('{"destinations":[{"name":"c","type":"sqs"}]}', env)).toThrow(
      /exactly one of queueUrl and queueUrlEnv/,
    );
  });
});
