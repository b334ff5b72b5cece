import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bandwidthV1NotificationsRoute } from "../../lib/providers/bandwidth/v1/notificationsRoute.ts";
import { fixture } from "../helpers/fixtures.ts";
import { startReceiver } from "../helpers/httpReceiver.ts";
import {
  eventually,
  type RunningRuntime,
  startRuntime,
  startRuntimeWithQueueDown,
} from "../helpers/localRuntime.ts";
import { assertValidEvent } from "../helpers/schema.ts";

const PATH = "/bandwidth/v1/notifications";
const AUTH = `Basic ${Buffer.from("bandwidth:local-dev-password").toString("base64")}`;
const xml = { "content-type": "application/xml; charset=utf-8" };

function post(runtime: RunningRuntime, body: string, headers: Record<string, string>) {
  return fetch(`${runtime.url}${PATH}`, { method: "POST", headers, body });
}

describe("Bandwidth v1 notifications through the local pipeline", () => {
  let runtime: RunningRuntime;
  beforeAll(async () => {
    runtime = await startRuntime();
  });
  afterAll(() => runtime.stop());

  it("challenges, accepts the credentialed resend, and delivers one canonical event", async () => {
    const body = fixture("bandwidth/v1/orders-complete-last-modified.xml");
    const probe = await post(runtime, body, xml);
    expect(probe.status).toBe(401);
    expect(probe.headers.get("www-authenticate")).toMatch(/^Basic realm="[^"]*"/);

    const accepted = await post(runtime, body, { ...xml, authorization: AUTH });
    expect(accepted.status).toBe(200);
    const { id } = (await accepted.json()) as { id: string };

    const event = await eventually(() => runtime.delivered().find((e) => e.id === id));
    assertValidEvent(event as never);
    expect(event).toMatchObject({ type: "order.status_changed", time: "2024-02-22T20:40:47.539Z" });
    expect(runtime.delivered().filter((e) => e.id === id)).toHaveLength(1);
  });

  it("queues an authenticated, well-formed notification it cannot place, with the reason", async () => {
    const accepted = await post(runtime, fixture("bandwidth/v1/bulkportins-completed-no-order-id.xml"), {
      ...xml,
      authorization: AUTH,
    });
    expect(accepted.status).toBe(200);
    const { id } = (await accepted.json()) as { id: string };
    const event = await eventually(() => runtime.delivered().find((e) => e.id === id));
    assertValidEvent(event as never);
    expect(event).toMatchObject({
      type: "bandwidth.unrecognized",
      data: {
        providerOrderType: "bulkPortins",
        details: { unrecognizedReason: "a notification needs OrderId and OrderType, or EventType" },
      },
    });
  });

  it("rejects bad input with a short reason and queues nothing", async () => {
    const answers = await Promise.all([
      post(runtime, fixture("bandwidth/v1/portins-foc.xml"), {
        ...xml,
        authorization: "Basic d3Jvbmc6d3Jvbmc=",
      }),
      post(runtime, "<Notification><Status>COMPLETE", { ...xml, authorization: AUTH }),
      post(runtime, fixture("bandwidth/v1/portins-foc.xml"), {
        "content-type": "application/json",
        authorization: AUTH,
      }),
      post(runtime, `<!DOCTYPE x [<!ENTITY a "b">]>${fixture("bandwidth/v1/portins-foc.xml")}`, {
        ...xml,
        authorization: AUTH,
      }),
      post(runtime, "x".repeat(bandwidthV1NotificationsRoute.maxBodyBytes + 1), {
        ...xml,
        authorization: AUTH,
      }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([401, 400, 415, 400, 413]);
    for (const answer of answers) {
      const body = (await answer.json()) as { error: string };
      expect(body.error.length).toBeLessThan(120);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
    }
    // A marker event sent afterwards arrives; none of the rejected ones ever do.
    const marker = await post(runtime, fixture("bandwidth/v1/csrs-failed.xml"), {
      ...xml,
      authorization: AUTH,
    });
    const { id } = (await marker.json()) as { id: string };
    await eventually(() => runtime.delivered().find((e) => e.id === id));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(runtime.delivered().map((e) => e.type)).not.toContain("port_in.status_changed");
  });
});

describe("when the queue is unreachable", () => {
  it("keeps the accepted event in the fallback archive, answers 200, and delivers it exactly once when the queue is back", async () => {
    const { runtime, proxy, stop } = await startRuntimeWithQueueDown();
    try {
      const answer = await post(runtime, fixture("bandwidth/v1/orders-complete.xml"), {
        ...xml,
        authorization: AUTH,
      });
      expect(answer.status).toBe(200);
      const { id, deferred } = (await answer.json()) as { id: string; deferred: boolean };
      expect(deferred).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(runtime.delivered()).toEqual([]);

      proxy.up();
      await eventually(() => runtime.delivered().find((e) => e.id === id));
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(runtime.delivered().filter((e) => e.id === id)).toHaveLength(1);
    } finally {
      await stop();
    }
  });

  it("answers 503 when neither the queue nor the fallback archive can take the event", async () => {
    const runtime = await startRuntime({
      AWS_ENDPOINT_URL_SQS: "http://127.0.0.1:1",
      AWS_ENDPOINT_URL_S3: "http://127.0.0.1:1",
      PUBLISH_BUDGET_MS: "600",
    });
    try {
      const answer = await post(runtime, fixture("bandwidth/v1/orders-complete.xml"), {
        ...xml,
        authorization: AUTH,
      });
      expect(answer.status).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(runtime.delivered()).toEqual([]);
    } finally {
      await runtime.stop();
    }
  });
});

describe("durability across a restart", () => {
  it("keeps an accepted event whose destination was down, and delivers it after a restart", async () => {
    const down = await startReceiver(() => ({ status: 503 }));
    const destinations = (url: string) =>
      // Retried every second (the default starts at 30 s), so the test need not wait.
      JSON.stringify({
        destinations: [{ name: "crm", type: "http", url, retry: { initialDelay: 1, maxDelay: 1 } }],
      });
    // Its own embedded emulators (EMULATOR_PORT), not the run's shared ones: what a restarted `npm start`
    // finds is what they kept on disk under the data folder.
    const embedded = { EMULATOR_PORT: "0" };
    const first = await startRuntime({ DESTINATIONS: destinations(down.url), ...embedded });
    const answer = await post(first, fixture("bandwidth/v1/portouts-complete.xml"), {
      ...xml,
      authorization: AUTH,
    });
    expect(answer.status).toBe(200);
    const { id } = (await answer.json()) as { id: string };
    await eventually(() => (down.received.length > 0 ? true : undefined));
    await first.stop();
    await down.stop();

    const up = await startReceiver();
    const second = await startRuntime({ DESTINATIONS: destinations(up.url), ...embedded }, first.dataDir);
    try {
      const body = await eventually(() => up.received[0]?.body);
      expect(JSON.parse(body).id).toBe(id);
    } finally {
      await second.stop();
      await up.stop();
    }
  });
});
