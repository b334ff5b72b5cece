import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkSendMessageBatch } from "../../../lib/aws/sqsClient.ts";
import type { DeliveryMessage } from "../../../lib/delivery/deliveryMessage.ts";
import { loadDestinations } from "../../../lib/destinations/config.ts";
import { findEvents, replay } from "../../../lib/fanout/replay.ts";
import { createFifoQueue, drain, startEmulator } from "../../helpers/emulator.ts";
import { orderEvent } from "../../helpers/events.ts";

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

const dir = mkdtempSync(join(tmpdir(), "replay-"));
const auditPath = join(dir, "audit.jsonl");
const destinations = loadDestinations(
  JSON.stringify({
    destinations: [
      { name: "audit", type: "file", path: auditPath },
      { name: "crm", type: "http", url: "https://crm.example.com", filter: { types: ["order.*"] } },
    ],
  }),
);
const stored = [orderEvent("A", 1), orderEvent("A", 2)];
writeFileSync(auditPath, stored.map((event) => `${JSON.stringify(event)}\n`).join(""));

describe("replay", () => {
  it("finds an event by id in the file destinations' JSON lines", () => {
    expect(findEvents("evt-A-2", destinations)).toEqual([stored[1]]);
  });

  it("reads a file holding one event or JSON lines", () => {
    const single = join(dir, "one.json");
    writeFileSync(single, JSON.stringify(stored[0], null, 2));
    expect(findEvents(single, destinations)).toEqual([stored[0]]);
    expect(findEvents(auditPath, destinations)).toEqual(stored);
  });

  it("says where it looked when an id is not found, and refuses what is not a canonical event", () => {
    expect(() => findEvents("evt-nope", destinations)).toThrow(
      `"evt-nope" is neither a file nor an event id found in ${auditPath}`,
    );
    const bogus = join(dir, "bogus.json");
    writeFileSync(bogus, '{"hello":"world"}');
    expect(() => findEvents(bogus, destinations)).toThrow(/entry 1 is not a canonical event/);
  });

  it("queues new deliveries to the destinations that want the event, or only the one named", async () => {
    const deliveriesQueueUrl = await createFifoQueue(emulator.client, "replay-deliveries");
    // As `npm run replay` sends: through an SDK client, with the operator's credentials.
    const options = { destinations, client: sdkSendMessageBatch(emulator.client), deliveriesQueueUrl };
    const portIn = stored[0];
    if (!portIn) throw new Error("no event");
    expect(await replay([portIn], options)).toEqual([{ eventId: "evt-A-1", destinations: ["audit"] }]);
    // Replayed again at once: a new delivery all the same (not dropped as a duplicate by SQS).
    expect(await replay([portIn], { ...options, destination: "audit" })).toEqual([
      { eventId: "evt-A-1", destinations: ["audit"] },
    ]);
    const queued = (await drain(emulator.client, deliveriesQueueUrl)).map(
      (m) => (JSON.parse(m.Body ?? "") as DeliveryMessage).destination,
    );
    expect(queued).toEqual(["audit", "audit"]);
    await expect(replay([portIn], { ...options, destination: "nobody" })).rejects.toThrow(
      /no destination named "nobody"/,
    );
  });
});
