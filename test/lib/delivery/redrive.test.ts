import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DeadLetteredDelivery,
  type DeliveryMessage,
  deliveryGroupId,
} from "../../../lib/delivery/deliveryMessage.ts";
import { redrive } from "../../../lib/delivery/redrive.ts";
import { createFifoQueue, drain, startEmulator } from "../../helpers/emulator.ts";
import { orderEvent } from "../../helpers/events.ts";

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

const hour = 3_600_000;
const now = Date.parse("2026-06-01T12:00:00Z");

/** Puts dead-lettered deliveries on a dead-letter queue as the deliver function does. */
async function setUp(
  name: string,
  deadLetters: { destination: string; order: string; seq: number; hoursAgo: number }[],
) {
  const deadLetterQueueUrl = await createFifoQueue(emulator.client, `${name}-dlq`);
  const deliveriesQueueUrl = await createFifoQueue(emulator.client, `${name}-deliveries`);
  for (const [index, item] of deadLetters.entries()) {
    const event = orderEvent(item.order, item.seq);
    const body: DeadLetteredDelivery = {
      destination: item.destination,
      queuedAt: new Date(now - 30 * hour).toISOString(),
      event,
      deadLetter: {
        attempts: 3,
        lastError: "destination answered 503",
        retryable: true,
        at: new Date(now - item.hoursAgo * hour).toISOString(),
      },
    };
    await emulator.client.send(
      new SendMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MessageBody: JSON.stringify(body),
        MessageGroupId: deliveryGroupId(item.destination, event),
        MessageDeduplicationId: `dead-${index}`,
      }),
    );
  }
  const queued = async () =>
    (await drain(emulator.client, deliveriesQueueUrl)).map((m) => {
      const delivery = JSON.parse(m.Body ?? "") as DeliveryMessage & { deadLetter?: unknown };
      return `${delivery.destination}:${delivery.event.id}${delivery.deadLetter ? "(with dead-letter record)" : ""}`;
    });
  return { deadLetterQueueUrl, deliveriesQueueUrl, queued };
}

describe("redrive", () => {
  it("sends every dead-lettered delivery back in its original order per order, and empties the queue", async () => {
    const { deadLetterQueueUrl, deliveriesQueueUrl, queued } = await setUp("redrive-all", [
      { destination: "crm", order: "A", seq: 1, hoursAgo: 3 },
      { destination: "crm", order: "A", seq: 2, hoursAgo: 2 },
      { destination: "crm", order: "B", seq: 1, hoursAgo: 2 },
      { destination: "crm", order: "A", seq: 3, hoursAgo: 1 },
    ]);
    const result = await redrive({
      client: emulator.client,
      deadLetterQueueUrl,
      deliveriesQueueUrl,
      dryRun: false,
      holdSeconds: 1,
    });
    expect(result.total).toBe(4);
    expect(result.selected.map((d) => d.event.id).sort()).toEqual([
      "evt-A-1",
      "evt-A-2",
      "evt-A-3",
      "evt-B-1",
    ]);
    const back = await queued();
    expect(back.filter((entry) => entry.includes("evt-A-"))).toEqual([
      "crm:evt-A-1",
      "crm:evt-A-2",
      "crm:evt-A-3",
    ]);
    expect(back).toContain("crm:evt-B-1");
    expect(await drain(emulator.client, deadLetterQueueUrl)).toEqual([]);
  });

  it("selects by destination and by --since, keeping what it does not select", async () => {
    const { deadLetterQueueUrl, deliveriesQueueUrl, queued } = await setUp("redrive-some", [
      { destination: "crm", order: "C", seq: 1, hoursAgo: 1 },
      { destination: "audit", order: "C", seq: 1, hoursAgo: 1 },
      { destination: "crm", order: "D", seq: 1, hoursAgo: 5 },
    ]);
    const result = await redrive({
      client: emulator.client,
      deadLetterQueueUrl,
      deliveriesQueueUrl,
      destination: "crm",
      since: new Date(now - 2 * hour),
      dryRun: false,
      holdSeconds: 1,
    });
    expect(result.selected.map((d) => `${d.destination}:${d.event.id}`)).toEqual(["crm:evt-C-1"]);
    expect(await queued()).toEqual(["crm:evt-C-1"]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const left = (await drain(emulator.client, deadLetterQueueUrl)).map((m) => JSON.parse(m.Body ?? ""));
    expect(left.map((d) => `${d.destination}:${d.event.id}`).sort()).toEqual([
      "audit:evt-C-1",
      "crm:evt-D-1",
    ]);
  });

  it("moves nothing in a dry run", async () => {
    const { deadLetterQueueUrl, deliveriesQueueUrl, queued } = await setUp("redrive-dry", [
      { destination: "crm", order: "E", seq: 1, hoursAgo: 1 },
    ]);
    const result = await redrive({
      client: emulator.client,
      deadLetterQueueUrl,
      deliveriesQueueUrl,
      dryRun: true,
      holdSeconds: 1,
    });
    expect(result.selected.map((d) => d.event.id)).toEqual(["evt-E-1"]);
    expect(await queued()).toEqual([]);
  });

  it("hides nothing from the redrive that follows a dry run", async () => {
    const { deadLetterQueueUrl, deliveriesQueueUrl, queued } = await setUp("redrive-dry-then-real", [
      { destination: "crm", order: "F", seq: 1, hoursAgo: 1 },
    ]);
    // A hold far longer than the test: only releasing the messages makes them visible again.
    const options = { client: emulator.client, deadLetterQueueUrl, deliveriesQueueUrl, holdSeconds: 600 };
    await redrive({ ...options, dryRun: true });
    const result = await redrive({ ...options, dryRun: false });
    expect(result.selected.map((d) => d.event.id)).toEqual(["evt-F-1"]);
    expect(await queued()).toEqual(["crm:evt-F-1"]);
  });
});
