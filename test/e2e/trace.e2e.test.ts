import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runCliStatus } from "../helpers/cli.ts";
import { startReceiver } from "../helpers/httpReceiver.ts";
import {
  eventually,
  type RunningRuntime,
  startRuntime,
  startRuntimeWithQueueDown,
} from "../helpers/localRuntime.ts";
import { waitFor } from "../helpers/waitFor.ts";

const AUTH = `Basic ${Buffer.from("bandwidth:local-dev-password").toString("base64")}`;
const fast = { initialDelay: 1, maxDelay: 1 };

/** A Bandwidth v1 order notification for one order and one number, as Bandwidth sends it. */
function notification(orderId: string, number: string, status = "COMPLETE"): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Notification>
  <Status>${status}</Status>
  <SubscriptionId>23bba4e1-50f1-4461-94b1-33d223e886dc</SubscriptionId>
  <OrderId>${orderId}</OrderId>
  <OrderType>orders</OrderType>
  <CompletedTelephoneNumbers><TelephoneNumber>${number}</TelephoneNumber></CompletedTelephoneNumbers>
  <LastModifiedDate>2026-01-01T10:00:00.000Z</LastModifiedDate>
</Notification>`;
}

async function send(runtime: RunningRuntime, body: string, authorization = AUTH) {
  return fetch(`${runtime.url}/bandwidth/v1/notifications`, {
    method: "POST",
    headers: { "content-type": "application/xml", authorization },
    body,
  });
}

/** `npm run trace` against this runtime, polled until its output matches (the pipeline is asynchronous). */
function traceUntil(runtime: RunningRuntime, args: string[], pattern: RegExp): Promise<string> {
  return waitFor(async () => {
    const { stdout } = await runCliStatus("trace", args, { LOCAL_DATA_DIR: runtime.dataDir });
    return pattern.test(stdout) ? stdout : undefined;
  });
}

describe("npm run trace, against npm start", () => {
  let runtime: RunningRuntime;
  let crm: Awaited<ReturnType<typeof startReceiver>>;
  /** How the crm destination answers each order: a status per attempt, 200 once they run out. */
  const answers = new Map<string, number[]>();
  let refusing = true;
  beforeAll(async () => {
    crm = await startReceiver((request) => {
      const { subject } = JSON.parse(request.body) as { subject: string };
      if (subject === "order-refused") return { status: refusing ? 400 : 200 };
      return { status: answers.get(subject)?.shift() ?? 200 };
    });
    runtime = await startRuntime({
      DESTINATIONS: JSON.stringify({
        destinations: [{ name: "crm", type: "http", url: crm.url, retry: fast }],
      }),
    });
  });
  afterAll(async () => {
    await runtime.stop();
    await crm.stop();
  });

  it("shows a delivered webhook as received, normalized, queued, archived and delivered, found by its number", async () => {
    const answer = await send(runtime, notification("order-ok", "9195550101"));
    const { id } = (await answer.json()) as { id: string };
    const out = await traceUntil(runtime, ["+19195550101"], /delivered {3}→ crm/);
    expect(out).toContain(`event ${id}  order.status_changed  order order-ok  bandwidth  +19195550101`);
    expect(out).toMatch(/received {4}POST bandwidth-v1-notifications → 200 \(authenticated\)/);
    expect(out).toContain("normalized  order.status_changed, status complete");
    expect(out).toContain("queued      on the events queue");
    expect(out).toMatch(
      /archived {4}through ArchiveDeliveryStream, 1 record\(s\) for \d+ event\(s\) of the batch/,
    );
    expect(out).toMatch(/delivered {3}→ crm {2}attempt 1, \d+ ms/);
  });

  it("shows each failed attempt with the destination's answer and the next retry, then the delivery", async () => {
    answers.set("order-retried", [503]);
    await send(runtime, notification("order-retried", "9195550102"));
    const out = await traceUntil(runtime, ["order-retried"], /delivered {3}→ crm {2}attempt 2/);
    expect(out).toMatch(
      /failed {6}→ crm {2}attempt 1, \d+ ms: destination answered 503; next retry \d\d:\d\d:\d\d \(in 1 s\)/,
    );
  });

  it("names the errno and the host when a destination cannot be reached", async () => {
    // A second runtime whose only destination is a port nothing listens on any more.
    const closed = await startReceiver();
    const url = closed.url;
    await closed.stop();
    const other = await startRuntime({
      DESTINATIONS: JSON.stringify({ destinations: [{ name: "down", type: "http", url, retry: fast }] }),
    });
    try {
      await send(other, notification("order-unreachable", "9195550103"));
      const out = await traceUntil(other, ["order-unreachable"], /failed .*→ down/);
      expect(out).toContain(`network error: ECONNREFUSED connecting to ${new URL(url).host}`);
    } finally {
      await other.stop();
    }
  });

  it("shows a dead-lettered delivery, and the redriven one after npm run redrive", async () => {
    await send(runtime, notification("order-refused", "9195550104"));
    await traceUntil(
      runtime,
      ["order-refused"],
      /dead-letter → crm {2}attempt 1, \d+ ms: destination answered 400/,
    );
    refusing = false;
    const env = runtime.cliEnv;
    expect(await runCli("redrive", ["--destination", "crm"], env)).toContain("redrove 1 of 1");
    await traceUntil(runtime, ["order-refused"], /delivered {3}→ crm {2}redriven, attempt 1/);
  });

  it("lists rejected requests with their route and reason, never the credential", async () => {
    const wrong = `Basic ${Buffer.from("bandwidth:not-the-password").toString("base64")}`;
    expect((await send(runtime, notification("order-forged", "9195550105"), wrong)).status).toBe(401);
    const out = await traceUntil(runtime, ["--rejected"], /bandwidth-v1-notifications → 401/);
    expect(out).toMatch(/bandwidth-v1-notifications → 401 {2}\S/);
    expect(out).not.toContain("not-the-password");
    expect(out).not.toContain(wrong.slice("Basic ".length));
    // A rejected request queued nothing: its order is not in any trace.
    const { code, stdout } = await runCliStatus("trace", ["order-forged"], {
      LOCAL_DATA_DIR: runtime.dataDir,
    });
    expect(code).toBe(1);
    expect(stdout).toContain('nothing about "order-forged"');
  });
});

describe("npm run trace when the queue is down", () => {
  it("shows the event kept in the fallback archive, then queued by the recovery", async () => {
    const { runtime, proxy, stop } = await startRuntimeWithQueueDown();
    try {
      const answer = await send(runtime, notification("order-fallback", "9195550106"));
      expect(answer.status).toBe(200);
      await traceUntil(runtime, ["order-fallback"], /fallback {4}queue unavailable; kept in fallback\//);
      proxy.up();
      const out = await traceUntil(runtime, ["order-fallback"], /delivered {3}→ local-file/);
      expect(out).toMatch(/queued {6}recovered from fallback\//);
      await eventually(() => runtime.delivered().find((event) => event.subject === "order-fallback"));
    } finally {
      await stop();
    }
  });
});

describe("npm start's human-readable log mode", () => {
  it("prints one short line per stage, and still records the JSON lines the trace reads", async () => {
    const runtime = await startRuntime({ LOG_FORMAT: "pretty", LOG_LEVEL: "INFO" });
    try {
      const { id } = (await (await send(runtime, notification("order-pretty", "9195550107"))).json()) as {
        id: string;
      };
      await eventually(() => (/ INFO {2}delivered {2}/.test(runtime.output()) ? true : undefined));
      const logs = runtime.output().slice(runtime.output().indexOf("\nready "));
      expect(logs).toMatch(
        new RegExp(
          `^\\d\\d:\\d\\d:\\d\\d INFO  event queued  route=bandwidth-v1-notifications eventId=${id.slice(0, 12)} orderId=order-pretty type=order.status_changed eventStatus=complete$`,
          "m",
        ),
      );
      expect(logs).not.toMatch(/^\{/m);
      await traceUntil(runtime, ["order-pretty"], /delivered {3}→ local-file/);
    } finally {
      await runtime.stop();
    }
  });
});
