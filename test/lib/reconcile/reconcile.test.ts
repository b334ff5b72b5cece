import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CanonicalEvent } from "../../../lib/event/canonical.ts";
import { orderKey } from "../../../lib/orderState/orderChange.ts";
import { orderStateTable } from "../../../lib/orderState/orderStateTable.ts";
import { bandwidthEventId } from "../../../lib/providers/bandwidth/eventId.ts";
import { createPublisher } from "../../../lib/queue/publisher.ts";
import { bandwidthRequest } from "../../../lib/reconcile/bandwidthRequest.ts";
import { reconcilerFromEnv } from "../../../lib/reconcile/fromEnv.ts";
import { type ReconcileOptions, reconcile } from "../../../lib/reconcile/reconcile.ts";
import { createOrdersStandIn } from "../../../scripts/standin/bandwidth/orders.ts";
import { startBandwidthApiStandIn } from "../../../scripts/standin/bandwidth/server.ts";
import { startDirectoryDb } from "../../helpers/directory.ts";
import { createFifoQueue, drain, startEmulator } from "../../helpers/emulator.ts";

const ACCOUNT = "9900012";
const CREDENTIALS = { username: "api-user", password: "api-password" };

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let db: Awaited<ReturnType<typeof startDirectoryDb>>;
let api: Awaited<ReturnType<typeof startBandwidthApiStandIn>>;
const standIn = createOrdersStandIn({ accountId: ACCOUNT });

beforeAll(async () => {
  emulator = await startEmulator();
  db = await startDirectoryDb();
  api = await startBandwidthApiStandIn({ accountId: ACCOUNT, ...CREDENTIALS, routes: [standIn.route] });
});
afterAll(async () => {
  await api.close();
  await db.stop();
  await emulator.stop();
});

/** One order type's world: its own queue, its own orders (ids prefixed), the real table. */
async function setUp(name: string, overrides: Partial<ReconcileOptions> = {}) {
  const queueUrl = await createFifoQueue(emulator.client, name);
  const table = orderStateTable(db.dynamoDb, "OrderStateTable", 1);
  const options: ReconcileOptions = {
    get: bandwidthRequest({ baseUrl: api.url, accountId: ACCOUNT, ...CREDENTIALS }),
    table,
    publisher: createPublisher(emulator.sendMessage, queueUrl),
    orderTypes: ["portins"],
    settleSeconds: 0,
    lookbackSeconds: 3600,
    deadline: Date.now() + 30_000,
    pageSize: 2,
    requestIntervalMs: 1,
    ...overrides,
  };
  const published = async () =>
    (await drain(emulator.client, queueUrl)).map(
      (message) => JSON.parse(message.Body ?? "") as CanonicalEvent,
    );
  return { table, options, published };
}

describe("reconcile", () => {
  it("publishes each change no notification brought, once, paging through the list, with the live id rule", async () => {
    const ids = ["a1", "a2", "a3", "a4", "a5"].map((id) => `rec-${id}`);
    for (const id of ids) standIn.create("portouts", id, "NEW");
    const { options, published, table } = await setUp("reconcile-pages", { orderTypes: ["portouts"] });
    const before = standIn.requests.length;
    const numberRequestsBefore = standIn.numberRequests.length;
    const result = await reconcile(options);
    expect(result.failed).toEqual([]);
    // The API lists no port-out's numbers: none asked for, none in the events.
    expect(standIn.numberRequests.length).toBe(numberRequestsBefore);
    // 5 orders, 2 per page: three requests, each from the id the previous <next> link named.
    const pages = standIn.requests.slice(before).map((request) => request.query.get("page"));
    expect(pages).toEqual(["1", "rec-a3", "rec-a5"]);
    const events = (await published()).filter((event) => ids.includes(event.data.orderId ?? ""));
    expect(events.map((event) => event.data.orderId).sort()).toEqual(ids);
    const first = events.find((event) => event.data.orderId === "rec-a1");
    expect(first).toMatchObject({
      source: "bandwidth/v1",
      type: "port_out.status_changed",
      data: {
        providerStatus: "NEW",
        status: "pending",
        phoneNumbers: [],
        details: { recoveredBy: "reconciliation" },
      },
    });
    expect(first?.id).toBe(
      bandwidthEventId({
        orderType: "portouts",
        orderId: "rec-a1",
        status: "NEW",
        note: null,
        message: null,
        lastModifiedDate: String(first?.data.details.lastModifiedDate),
        eventType: null,
        phoneNumbers: [],
        receivedAt: first?.data.receivedAt ?? "",
      }),
    );
    expect(await table.checkpoint("bandwidth#portouts")).toBeDefined();
    // The next run starts at the checkpoint: nothing new to publish.
    expect((await reconcile({ ...options, deadline: Date.now() + 30_000 })).found).toEqual([]);
  });

  it("leaves out an order whose state the gateway has seen, and one that changed again since", async () => {
    standIn.create("disconnects", "rec-seen", "COMPLETE");
    standIn.create("disconnects", "rec-missed", "COMPLETE");
    const { options, published, table } = await setUp("reconcile-seen", { orderTypes: ["disconnects"] });
    await table.record({
      key: orderKey("bandwidth", "rec-seen"),
      status: "COMPLETE",
      changedAt: new Date().toISOString(),
      eventId: "live-id",
      recovered: false,
      providerTimed: true,
    });
    await reconcile(options);
    const orderIds = (await published()).map((event) => event.data.orderId);
    expect(orderIds).toContain("rec-missed");
    expect(orderIds).not.toContain("rec-seen");
  });

  it("carries each order's numbers, asked of the API, in E.164; the id stays the live rule's without them", async () => {
    standIn.create("portins", "rec-n1", "COMPLETE", { phoneNumbers: ["9195551001", "9195551002"] });
    standIn.create("orders", "rec-n2", "COMPLETE", { phoneNumbers: ["8042105666"] });
    standIn.create("disconnects", "rec-n3", "COMPLETE", { phoneNumbers: ["9194392566"] });
    const { options, published } = await setUp("reconcile-numbers", {
      orderTypes: ["portins", "orders", "disconnects"],
    });
    const before = standIn.numberRequests.length;
    expect((await reconcile(options)).failed).toEqual([]);
    expect(standIn.numberRequests.slice(before)).toEqual(
      expect.arrayContaining(["/portins/rec-n1/tns", "/orders/rec-n2/tns", "/disconnects/rec-n3"]),
    );
    const events = await published();
    const numbersOf = (orderId: string) => events.find((e) => e.data.orderId === orderId)?.data.phoneNumbers;
    expect(numbersOf("rec-n1")).toEqual(["+19195551001", "+19195551002"]);
    expect(numbersOf("rec-n2")).toEqual(["+18042105666"]);
    expect(numbersOf("rec-n3")).toEqual(["+19194392566"]);
    const portin = events.find((e) => e.data.orderId === "rec-n1");
    expect(portin?.id).toBe(
      bandwidthEventId({
        orderType: "portins",
        orderId: "rec-n1",
        status: "COMPLETE",
        note: null,
        message: null,
        lastModifiedDate: String(portin?.data.details.lastModifiedDate),
        eventType: null,
        phoneNumbers: [],
        receivedAt: portin?.data.receivedAt ?? "",
      }),
    );
  });

  it("fails the run, checkpoint unmoved, when the numbers cannot be read; an order the API does not find goes without", async () => {
    standIn.create("portins", "rec-m1", "FOC", { phoneNumbers: ["9195552001"] });
    const { options, published, table } = await setUp("reconcile-numbers-fail", { orderTypes: ["portins"] });
    const previous = await table.checkpoint("bandwidth#portins");
    standIn.failNumbers({ status: 500 });
    const failed = await reconcile(options);
    expect(failed.failed).toEqual(["portins"]);
    expect(await table.checkpoint("bandwidth#portins")).toBe(previous);
    expect((await published()).map((event) => event.data.orderId)).not.toContain("rec-m1");
    // Asked again on the next run, with a 404 this time: published without numbers rather than never.
    standIn.failNumbers({ status: 404 });
    const retried = await reconcile({ ...options, deadline: Date.now() + 30_000 });
    expect(retried.failed).toEqual([]);
    const event = (await published()).find((e) => e.data.orderId === "rec-m1");
    expect(event?.data.phoneNumbers).toEqual([]);
  });

  it("keeps the checkpoint where it was when a page fails, and publishes the rest on the next run", async () => {
    for (const id of ["b1", "b2", "b3"]) standIn.create("orders", `rec-${id}`, "COMPLETE");
    const { options, published, table } = await setUp("reconcile-fail", { orderTypes: ["orders"] });
    const previous = await table.checkpoint("bandwidth#orders");
    standIn.fail({ status: 500 });
    const failed = await reconcile(options);
    expect(failed.failed).toEqual(["orders"]);
    expect(await table.checkpoint("bandwidth#orders")).toBe(previous);
    const retried = await reconcile({ ...options, deadline: Date.now() + 30_000 });
    expect(retried.failed).toEqual([]);
    expect(await table.checkpoint("bandwidth#orders")).not.toBe(previous);
    const orderIds = (await published()).map((event) => event.data.orderId);
    expect(orderIds.filter((id) => id?.startsWith("rec-b")).sort()).toEqual(["rec-b1", "rec-b2", "rec-b3"]);
  });

  it("waits out a 429 with Retry-After within its budget", async () => {
    standIn.create("portins", "rec-c1", "FOC");
    const { options, published } = await setUp("reconcile-429", { orderTypes: ["portins"] });
    standIn.fail({ status: 429, headers: { "retry-after": "1" } });
    const result = await reconcile(options);
    expect(result.failed).toEqual([]);
    expect((await published()).map((event) => event.data.orderId)).toContain("rec-c1");
  });

  it("fails, checkpoint unmoved, when the budget is spent or the credentials are refused", async () => {
    const { options, table } = await setUp("reconcile-budget", { orderTypes: ["portins"] });
    const checkpoint = await table.checkpoint("bandwidth#portins");
    expect((await reconcile({ ...options, deadline: Date.now() - 1 })).failed).toEqual(["portins"]);
    const refused = bandwidthRequest({
      baseUrl: api.url,
      accountId: ACCOUNT,
      username: "api-user",
      password: "wrong",
    });
    expect((await reconcile({ ...options, get: refused })).failed).toEqual(["portins"]);
    expect(await table.checkpoint("bandwidth#portins")).toBe(checkpoint);
  });

  it("is off, saying so, without an account id", async () => {
    expect(await reconcilerFromEnv({ BANDWIDTH_ACCOUNT_ID: "" })(Date.now() + 1000)).toBeUndefined();
  });

  it("refuses at cold start an order type whose list it cannot read", () => {
    expect(() =>
      reconcilerFromEnv({ BANDWIDTH_ACCOUNT_ID: ACCOUNT, RECONCILE_ORDER_TYPES: "orders,lsrorders" }),
    ).toThrow("RECONCILE_ORDER_TYPES: has no order list for lsrorders");
  });
});
