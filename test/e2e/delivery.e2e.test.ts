import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CanonicalEvent } from "../../lib/event/canonical.ts";
import { emulatorUrlOf, runCli } from "../helpers/cli.ts";
import { drain } from "../helpers/emulator.ts";
import { startReceiver } from "../helpers/httpReceiver.ts";
import { eventually, type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";
import { waitForItems } from "../helpers/waitFor.ts";

const AUTH = `Basic ${Buffer.from("bandwidth:local-dev-password").toString("base64")}`;
const STEPS = ["SUBMITTED", "FOC", "COMPLETE"];
const ORDERS = ["order-1", "order-2", "order-3", "order-4"];
const FAILING_REQUESTS = 8;
const fast = { initialDelay: 1, maxDelay: 1 };

/** A Bandwidth v1 port-in notification for one step of one order, as Bandwidth sends it. */
function notification(orderId: string, step: number): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Notification>
  <Status>${STEPS[step]}</Status>
  <SubscriptionId>23bba4e1-50f1-4461-94b1-33d223e886dc</SubscriptionId>
  <OrderId>${orderId}</OrderId>
  <OrderType>portins</OrderType>
  <CustomerOrderId>${orderId}-ref</CustomerOrderId>
  <LastModifiedDate>2026-01-0${step + 1}T10:00:00.000Z</LastModifiedDate>
</Notification>`;
}

async function send(runtime: RunningRuntime, body: string): Promise<string> {
  const answer = await fetch(`${runtime.url}/bandwidth/v1/notifications`, {
    method: "POST",
    headers: { "content-type": "application/xml", authorization: AUTH },
    body,
  });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { id: string }).id;
}

function sqsClient(runtime: RunningRuntime): SQSClient {
  return new SQSClient({
    endpoint: emulatorUrlOf(runtime.output()),
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    useQueueUrlAsEndpoint: false,
  });
}

async function queueUrl(client: SQSClient, name: string): Promise<string> {
  return (await client.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl ?? "";
}

const idOf = (body: string) => (JSON.parse(body) as CanonicalEvent).id;

describe("three destinations, one failing for a while", () => {
  let runtime: RunningRuntime;
  let steady: Awaited<ReturnType<typeof startReceiver>>;
  let flaky: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    steady = await startReceiver(() => ({ status: 200 }));
    flaky = await startReceiver((_request, index) =>
      index < FAILING_REQUESTS ? { status: 503 } : { status: 200 },
    );
    runtime = await startRuntime({
      DESTINATIONS: JSON.stringify({
        destinations: [
          { name: "steady", type: "http", url: steady.url },
          { name: "flaky", type: "http", url: flaky.url, retry: fast },
          { name: "consumer", type: "sqs", queueUrlEnv: "CONSUMER_QUEUE_URL" },
        ],
      }),
    });
  });
  afterAll(async () => {
    await runtime.stop();
    await steady.stop();
    await flaky.stop();
  });

  it("delivers every event everywhere: healthy ones exactly once, the failing one after recovery, in order per order", async () => {
    // Orders interleaved, each order's steps in sequence.
    const sent = new Map<string, string[]>(ORDERS.map((order) => [order, []]));
    for (let step = 0; step < STEPS.length; step++) {
      for (const order of ORDERS) sent.get(order)?.push(await send(runtime, notification(order, step)));
    }
    const all = [...sent.values()].flat();
    const orderOf = new Map([...sent].flatMap(([order, ids]) => ids.map((id) => [id, order] as const)));
    const inOrder = (ids: string[]) =>
      Object.fromEntries(ORDERS.map((order) => [order, ids.filter((id) => orderOf.get(id) === order)]));
    const expected = Object.fromEntries(sent);

    await eventually(
      () => (flaky.received.length >= FAILING_REQUESTS + all.length ? true : undefined),
      40_000,
    );
    const client = sqsClient(runtime);
    const consumerQueue = await queueUrl(client, runtime.name("ConsumerQueue", "fifoQueue"));
    const consumed = await waitForItems(() => drain(client, consumerQueue), all.length);

    // Healthy destinations: each event exactly once, each order in sequence.
    const steadyIds = steady.received.map((request) => idOf(request.body));
    expect([...steadyIds].sort()).toEqual([...all].sort());
    expect(inOrder(steadyIds)).toEqual(expected);
    const consumerIds = consumed.map((message) => idOf(message.Body ?? ""));
    expect([...consumerIds].sort()).toEqual([...all].sort());
    expect(inOrder(consumerIds)).toEqual(expected);
    // The failing destination: every event once it accepted them, each order in sequence — and no
    // event of an order was even attempted before the earlier ones had gone through.
    const flakyAttempts = flaky.received.map((request) => idOf(request.body));
    const accepted = flakyAttempts.slice(FAILING_REQUESTS);
    expect([...accepted].sort()).toEqual([...all].sort());
    expect(inOrder(accepted)).toEqual(expected);
    for (const order of ORDERS) {
      const attempts = flakyAttempts.filter((id) => orderOf.get(id) === order);
      const positions = attempts.map((id) => expected[order]?.indexOf(id) ?? -1);
      expect(positions, order).toEqual([...positions].sort((a, b) => a - b));
    }
    // Nothing was dead-lettered, and each delivery kept its webhook-id.
    expect(
      await drain(client, await queueUrl(client, runtime.name("DeliveryDeadLetterQueue", "fifoQueue"))),
    ).toEqual([]);
    expect(flaky.received.every((request) => request.headers["webhook-id"] === idOf(request.body))).toBe(
      true,
    );
    client.destroy();
  });
});

describe("dead-letter queue, redrive and replay", () => {
  let runtime: RunningRuntime;
  let refusing = true;
  let crm: Awaited<ReturnType<typeof startReceiver>>;
  let env: Record<string, string>;
  beforeAll(async () => {
    crm = await startReceiver(() => (refusing ? { status: 400 } : { status: 200 }));
    const destinations = JSON.stringify({
      destinations: [
        { name: "crm", type: "http", url: crm.url },
        { name: "audit", type: "file", path: join(mkdtempSync(join(tmpdir(), "audit-")), "audit.jsonl") },
      ],
    });
    runtime = await startRuntime({ DESTINATIONS: destinations });
    env = { ...runtime.cliEnv, DESTINATIONS: destinations };
  });
  afterAll(async () => {
    await runtime.stop();
    await crm.stop();
  });

  it("dead-letters a refused delivery, lists it in a dry run, and redrives it once the destination accepts", async () => {
    const id = await send(runtime, notification("order-dlq", 0));
    await eventually(() => (crm.received.length > 0 ? true : undefined));

    // The deliver function dead-letters right after the 400; poll until it has. Each run leaves what
    // it does not move hidden for --hold-seconds, so the next run polls until it is back.
    const hold = ["--hold-seconds", "1"];
    const until = (args: string[], text: string) =>
      waitForItems(async () => {
        const out = await runCli("redrive", [...args, ...hold], env);
        return out.includes(text) ? [out] : [];
      }, 1).then(([out]) => out ?? "");
    const dryRun = await until(["--dry-run", "--destination", "crm"], "would redrive 1 of 1");
    expect(dryRun).toContain(`${id}  → crm`);
    expect(dryRun).toMatch(/after 1 attempts: destination answered 400/);
    // Another destination's name selects nothing.
    await until(["--destination", "audit"], "redrove 0 of 1");

    refusing = false;
    const moved = await until(["--destination", "crm"], "redrove 1 of 1");
    expect(moved).toContain(`${id}  → crm`);
    await eventually(() => (crm.received.length === 2 ? true : undefined));
    expect(crm.received.map((request) => request.headers["webhook-id"])).toEqual([id, id]);
    expect(await runCli("redrive", [], env)).toContain("redrove 0 of 0");
  });

  it("replays a stored event from a file to one destination, with the same webhook-id", async () => {
    const before = crm.received.length;
    const [request] = crm.received;
    const path = join(runtime.dataDir, "replay.json");
    writeFileSync(path, request?.body ?? "");
    const out = await runCli("replay", [path, "--destination", "crm"], env);
    expect(out).toContain(`${idOf(request?.body ?? "")}  → crm`);
    await eventually(() => (crm.received.length === before + 1 ? true : undefined));
    expect(crm.received.at(-1)?.headers["webhook-id"]).toBe(idOf(request?.body ?? ""));
  });
});

describe("the default consumer queue", () => {
  it("gets every event with no configuration, and npm run consume prints it", async () => {
    const runtime = await startRuntime();
    try {
      const id = await send(runtime, notification("order-consume", 0));
      const env = runtime.cliEnv;
      const printed = await waitForItems(async () => {
        const out = await runCli("consume", [], env);
        return out.trim() ? [out] : [];
      }, 1);
      expect(printed.map((out) => JSON.parse(out.trim().split("\n")[0] ?? "").id)).toEqual([id]);
      // Consumed means deleted: nothing is left for a second reader.
      expect((await runCli("consume", [], env)).trim()).toBe("");
    } finally {
      await runtime.stop();
    }
  });
});
