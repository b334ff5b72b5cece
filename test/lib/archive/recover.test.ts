import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFallbackStore } from "../../../lib/archive/fallbackStore.ts";
import { recoverFallback } from "../../../lib/archive/recover.ts";
import { rawRequestOf } from "../../../lib/http/rawRequest.ts";
import { normalizeNotification } from "../../../lib/providers/bandwidth/v1/normalizeNotification.ts";
import { createPublisher } from "../../../lib/queue/publisher.ts";
import { createFifoQueue, drain, type Emulator, startEmulator } from "../../helpers/emulator.ts";
import { fixture } from "../../helpers/fixtures.ts";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

function accepted(file: string) {
  const body = fixture(`bandwidth/v1/${file}`);
  const receivedAt = "2026-11-23T07:10:00.000Z";
  const event = normalizeNotification(body, receivedAt);
  const raw = rawRequestOf(
    { method: "POST", path: "/", headers: {}, rawBody: Buffer.from(body), receivedAt },
    "bandwidth-v1-notifications",
    event.source,
    event.id,
  );
  return { raw, event };
}

describe("recoverFallback", () => {
  it("queues every fallback event once, with its raw request, and deletes the fallback objects", async () => {
    emulator.server.createBucket("fallback-ok");
    const store = createFallbackStore(emulator.s3, "fallback-ok");
    const records = [accepted("orders-complete.xml"), accepted("portins-foc.xml")];
    const keys = await Promise.all(records.map((record) => store.put(record)));
    expect(keys[0]).toMatch(/^fallback\/bandwidth-v1\/2026-11-23\/[0-9a-f]{64}\.json$/);
    const queueUrl = await createFifoQueue(emulator.client, "recover-ok");

    const result = await recoverFallback(
      store,
      createPublisher(emulator.sendMessage, queueUrl),
      Date.now() + 10_000,
    );
    expect(result.recovered.sort()).toEqual(records.map((record) => record.event.id).sort());
    expect(result.failed).toEqual([]);
    const messages = await drain(emulator.client, queueUrl);
    expect(messages.map((message) => JSON.parse(message.Body ?? "").id).sort()).toEqual(
      result.recovered.sort(),
    );
    expect(messages.every((message) => message.MessageAttributes?.raw?.BinaryValue)).toBe(true);
    const left = [];
    for await (const key of store.list()) left.push(key);
    expect(left).toEqual([]);
  });

  it("keeps a fallback object whose event it could not queue, for the next run", async () => {
    emulator.server.createBucket("fallback-down");
    const store = createFallbackStore(emulator.s3, "fallback-down");
    const key = await store.put(accepted("orders-complete.xml"));
    const queueMissing = `${emulator.server.address}/000000000000/no-such-queue.fifo`;
    const result = await recoverFallback(
      store,
      createPublisher(emulator.sendMessage, queueMissing, async () => {}),
      Date.now() + 2000,
    );
    expect(result.failed).toEqual([key]);
    const left = [];
    for await (const stillThere of store.list()) left.push(stillThere);
    expect(left).toEqual([key]);
  });
});
