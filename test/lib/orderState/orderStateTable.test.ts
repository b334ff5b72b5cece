import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OrderChange, orderKey } from "../../../lib/orderState/orderChange.ts";
import { orderStateTable } from "../../../lib/orderState/orderStateTable.ts";
import { startDirectoryDb } from "../../helpers/directory.ts";

let db: Awaited<ReturnType<typeof startDirectoryDb>>;
/** The DynamoDB operations the table sent, by name, counted at the real client. */
const sent: string[] = [];
beforeAll(async () => {
  db = await startDirectoryDb();
  db.client.middlewareStack.add(
    (next, context) => (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: "initialize" },
  );
});
afterAll(() => db.stop());

const table = () => orderStateTable(db.client, "OrderStateTable", 1);
const change = (orderId: string, second: number, overrides: Partial<OrderChange> = {}): OrderChange => ({
  key: orderKey("bandwidth", orderId),
  status: "FOC",
  changedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
  eventId: `evt-${orderId}-${second}`,
  recovered: false,
  providerTimed: true,
  ...overrides,
});

describe("orderStateTable claim", () => {
  it("records a new order's live change in one write, reading nothing", async () => {
    sent.length = 0;
    expect(await table().claim(change("new", 1))).toEqual({ claimed: true });
    expect(sent).toEqual(["PutItemCommand"]);
    expect((await table().get(orderKey("bandwidth", "new")))?.eventId).toBe("evt-new-1");
  });

  it("claims a newer live change over the recorded one, and the same event again after a crash", async () => {
    await table().claim(change("fwd", 1));
    expect(await table().claim(change("fwd", 2, { status: "COMPLETE" }))).toEqual({ claimed: true });
    // The fan-out ran this event before and crashed before its deliveries: it must go through again.
    expect(await table().claim(change("fwd", 2, { status: "COMPLETE" }))).toEqual({ claimed: true });
    expect((await table().get(orderKey("bandwidth", "fwd")))?.status).toBe("COMPLETE");
  });

  it("does not claim an older change, and answers with the newer recorded state", async () => {
    await table().claim(change("old", 5, { status: "COMPLETE" }));
    const claim = await table().claim(change("old", 2));
    expect(claim).toEqual({
      claimed: false,
      stored: expect.objectContaining({ status: "COMPLETE", eventId: "evt-old-5" }),
    });
    expect((await table().get(orderKey("bandwidth", "old")))?.eventId).toBe("evt-old-5");
  });

  it("does not overwrite a reconciled state with its own late live notification", async () => {
    await table().record(change("rec", 3, { recovered: true }));
    // Same status, provider time equal: the live notification of the change the reconciler delivered.
    const sameTime = await table().claim(change("rec", 3, { eventId: "evt-rec-3-live" }));
    expect(sameTime).toMatchObject({ claimed: false, stored: { recovered: true } });
    // Without the provider's time it looks newer, yet it is the same change: still not claimed.
    const untimed = await table().claim(change("rec", 9, { eventId: "evt-rec-live", providerTimed: false }));
    expect(untimed).toMatchObject({ claimed: false, stored: { recovered: true, eventId: "evt-rec-3" } });
    // A later status, even without the provider's time, is the order's new state.
    const later = change("rec", 9, { eventId: "evt-rec-9", status: "COMPLETE", providerTimed: false });
    expect(await table().claim(later)).toEqual({ claimed: true });
  });
});

describe("orderStateTable getMany", () => {
  it("reads many orders in batches of 100 keys, and leaves out the ones it does not hold", async () => {
    const ids = Array.from({ length: 130 }, (_, index) => `many-${index}`);
    for (const id of ids.filter((_, index) => index % 2 === 0)) await table().record(change(id, 7));
    sent.length = 0;
    const keys = [...ids, ids[0] ?? ""].map((id) => orderKey("bandwidth", id));
    const states = await table().getMany(keys);
    expect(sent).toEqual(["BatchGetItemCommand", "BatchGetItemCommand"]);
    expect(states.size).toBe(65);
    expect(states.get(orderKey("bandwidth", "many-0"))).toMatchObject({
      status: "FOC",
      eventId: "evt-many-0-7",
    });
    expect(states.has(orderKey("bandwidth", "many-1"))).toBe(false);
    expect(await table().getMany([])).toEqual(new Map());
  });
});
