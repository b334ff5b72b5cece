import { createPrivateKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_BANDWIDTH_V2_HMAC_SECRET, DEV_TELNYX_PRIVATE_KEY_PEM } from "../../scripts/local/devKeys.ts";
import { bandwidthV2Headers, basicAuthorization, telnyxHeaders } from "../../scripts/simulate/sign.ts";
import { fixture } from "../helpers/fixtures.ts";
import { eventually, type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";
import { assertValidEvent } from "../helpers/schema.ts";

const TELNYX = "/telnyx/notifications";
const BANDWIDTH_V2 = "/bandwidth/v2/notifications";
const telnyxKey = createPrivateKey(DEV_TELNYX_PRIVATE_KEY_PEM);
const v2Secret = Buffer.from(DEV_BANDWIDTH_V2_HMAC_SECRET, "utf8");

const bytes = (path: string) => Buffer.from(fixture(path), "utf8");
const post = (runtime: RunningRuntime, path: string, body: Buffer, headers: Record<string, string>) =>
  fetch(`${runtime.url}${path}`, { method: "POST", headers, body });
const signedTelnyx = (runtime: RunningRuntime, body: Buffer, now = new Date()) =>
  post(runtime, TELNYX, body, telnyxHeaders(body, telnyxKey, now));
const signedV2 = (runtime: RunningRuntime, body: Buffer) =>
  post(runtime, BANDWIDTH_V2, body, bandwidthV2Headers(body, v2Secret));

describe("Telnyx and Bandwidth v2 through the local pipeline (npm start's default keys)", () => {
  let runtime: RunningRuntime;
  beforeAll(async () => {
    runtime = await startRuntime();
  });
  afterAll(() => runtime.stop());

  it("answers a signed Telnyx webhook exactly 200 and delivers one canonical event with Telnyx's id", async () => {
    const answer = await signedTelnyx(runtime, bytes("telnyx/number-order-complete-partial.json"));
    expect(answer.status).toBe(200);
    const { id } = (await answer.json()) as { id: string };
    expect(id).toBe("5b2f7c1e-8d3a-4e6b-9f10-2a3b4c5d6e7f");
    const event = await eventually(() => runtime.delivered().find((e) => e.id === id));
    assertValidEvent(event as never);
    expect(event).toMatchObject({
      source: "telnyx",
      type: "order.status_changed",
      data: { status: "partial" },
    });
  });

  it("delivers unicode text unchanged, from both providers", async () => {
    const telnyx = await signedTelnyx(runtime, bytes("telnyx/porting-order-new-comment-unicode.json"));
    const v2 = await signedV2(runtime, bytes("bandwidth/v2/portins-note-unicode.json"));
    expect([telnyx.status, v2.status]).toEqual([200, 200]);
    const ids = await Promise.all([telnyx.json(), v2.json()]).then((answers) =>
      answers.map((answer) => (answer as { id: string }).id),
    );
    const notes = await eventually(() => {
      const notes = ids.map((id) => {
        const event = runtime.delivered().find((e) => e.id === id);
        return event ? (event.data as { note: string }).note : undefined;
      });
      return notes.every((note) => note !== undefined) ? notes : undefined;
    });
    expect(notes[0]).toContain("ÿ 中文 🚀");
    expect(notes[1]).toContain("请提供账单 📄");
  });

  it("accepts a Bandwidth v2 body wrapped in data and delivers it", async () => {
    const answer = await signedV2(runtime, bytes("bandwidth/v2/orders-note-data-wrapped.json"));
    expect(answer.status).toBe(200);
    const { id } = (await answer.json()) as { id: string };
    const event = await eventually(() => runtime.delivered().find((e) => e.id === id));
    expect(event).toMatchObject({ source: "bandwidth/v2", type: "order.note_added" });
  });

  it("delivers the same order change once when it arrives through v1 XML and v2 JSON", async () => {
    const v1 = await post(
      runtime,
      "/bandwidth/v1/notifications",
      bytes("bandwidth/v1/orders-complete-last-modified.xml"),
      {
        "content-type": "application/xml",
        authorization: basicAuthorization("bandwidth", "local-dev-password"),
      },
    );
    const v2 = await signedV2(runtime, bytes("bandwidth/v2/orders-complete-blackshear.json"));
    expect([v1.status, v2.status]).toEqual([200, 200]);
    const [a, b] = (await Promise.all([v1.json(), v2.json()])) as { id: string }[];
    expect(b?.id).toBe(a?.id);
    await eventually(() => runtime.delivered().find((e) => e.id === a?.id));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(runtime.delivered().filter((e) => e.id === a?.id)).toHaveLength(1);
  });

  it("delivers a Telnyx retry (same event id, next attempt, new timestamp) once", async () => {
    const first = bytes("telnyx/portout-status-changed-authorized.json");
    const retry = Buffer.from(first.toString("utf8").replace('"attempt": 1', '"attempt": 2'), "utf8");
    expect(retry.equals(first)).toBe(false);
    const answers = [await signedTelnyx(runtime, first), await signedTelnyx(runtime, retry)];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const id = "c3a0e49a-05bc-4e03-9798-a2b3c4d5e6f7";
    await eventually(() => runtime.delivered().find((e) => e.id === id));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(runtime.delivered().filter((e) => e.id === id)).toHaveLength(1);
  });

  it("rejects bad signatures with 401 and bad bodies with 400, and queues none of them", async () => {
    const telnyxBody = bytes("telnyx/portout-status-changed-ported.json");
    const v2Body = bytes("bandwidth/v2/portouts-complete.json");
    const stale = new Date(Date.now() - 301_000);
    const garbage = Buffer.from('{"data":', "utf8");
    const answers = await Promise.all([
      post(runtime, TELNYX, telnyxBody, { "content-type": "application/json" }),
      signedTelnyx(runtime, telnyxBody, stale),
      post(
        runtime,
        TELNYX,
        Buffer.concat([telnyxBody, Buffer.from(" ")]),
        telnyxHeaders(telnyxBody, telnyxKey, new Date()),
      ),
      post(runtime, BANDWIDTH_V2, v2Body, bandwidthV2Headers(v2Body, Buffer.from("wrong"))),
      post(runtime, BANDWIDTH_V2, v2Body, { "content-type": "application/json" }),
      signedTelnyx(runtime, garbage),
      signedV2(runtime, garbage),
      post(runtime, BANDWIDTH_V2, v2Body, {
        ...bandwidthV2Headers(v2Body, v2Secret),
        "content-type": "text/xml",
      }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401, 400, 400, 415]);
    for (const answer of answers) {
      const body = (await answer.json()) as { error: string };
      expect(body.error.length).toBeLessThan(120);
    }
    // A marker sent afterwards arrives; none of the rejected port-outs ever do.
    const marker = await signedTelnyx(runtime, bytes("telnyx/porting-order-split.json"));
    const { id } = (await marker.json()) as { id: string };
    await eventually(() => runtime.delivered().find((e) => e.id === id));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const delivered = runtime.delivered().map((e) => e.id);
    expect(delivered).not.toContain("e5c20abc-27de-4a25-b9ba-c4d5e6f70819");
    expect(
      runtime.delivered().some((e) => e.source === "bandwidth/v2" && e.type === "port_out.status_changed"),
    ).toBe(false);
  });

  it("never logs the signing secrets", () => {
    expect(runtime.output()).not.toContain(DEV_BANDWIDTH_V2_HMAC_SECRET);
  });
});

describe("when the queue is unreachable", () => {
  it("answers Telnyx 503 so it retries, and keeps an accepted Bandwidth v2 event in the fallback archive", async () => {
    const runtime = await startRuntime({
      AWS_ENDPOINT_URL_SQS: "http://127.0.0.1:1",
      PUBLISH_BUDGET_MS: "600",
    });
    try {
      const telnyx = await signedTelnyx(runtime, bytes("telnyx/portout-foc-date-changed.json"));
      expect(telnyx.status).toBe(503);
      const v2 = await signedV2(runtime, bytes("bandwidth/v2/portins-foc.json"));
      expect(v2.status).toBe(200);
      expect(await v2.json()).toMatchObject({ deferred: true });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(runtime.delivered()).toEqual([]);
    } finally {
      await runtime.stop();
    }
  });
});
