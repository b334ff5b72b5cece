import { createPrivateKey } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CanonicalEvent } from "../../lib/event/canonical.ts";
import { DEV_TELNYX_PRIVATE_KEY_PEM } from "../../scripts/local/devKeys.ts";
import { basicAuthorization, telnyxHeaders } from "../../scripts/simulate/sign.ts";
import { startReceiver } from "../helpers/httpReceiver.ts";
import { bandwidthPortInCompletion, telnyxNumberOrder } from "../helpers/largeOrders.ts";
import { eventually, type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";
import { assertValidEvent } from "../helpers/schema.ts";

/** The largest Bandwidth order: a stand-alone port-in of 5,000 numbers (Bandwidth docs, stand-alone port-ins). */
const BANDWIDTH_MAX_NUMBERS = 5000;
/** A Telnyx number order of a few hundred numbers: already over the old 128 KiB limit. */
const TELNYX_NUMBERS = 600;

describe("the largest documented orders, through the local pipeline", () => {
  let runtime: RunningRuntime;
  let crm: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    crm = await startReceiver();
    const dir = mkdtempSync(join(tmpdir(), "neg-large-"));
    runtime = await startRuntime(
      {
        DESTINATIONS: JSON.stringify({
          destinations: [
            { name: "audit", type: "file", path: join(dir, "events.jsonl") },
            { name: "crm", type: "http", url: crm.url },
          ],
        }),
      },
      dir,
    );
  });
  afterAll(async () => {
    await runtime.stop();
    await crm.stop();
  });

  async function deliveredEverywhere(id: string): Promise<CanonicalEvent[]> {
    const toFile = await eventually(() => runtime.delivered().find((event) => event.id === id), 30_000);
    const toHttp = await eventually(
      () => crm.received.find((request) => request.headers["webhook-id"] === id),
      30_000,
    );
    return [toFile as unknown as CanonicalEvent, JSON.parse(toHttp.body) as CanonicalEvent];
  }

  it("accepts a 5,000-number Bandwidth v1 port-in completion and delivers it whole to a file and an HTTP destination", async () => {
    const body = bandwidthPortInCompletion(BANDWIDTH_MAX_NUMBERS);
    expect(body.length).toBeGreaterThan(128 * 1024);
    const answer = await fetch(`${runtime.url}/bandwidth/v1/notifications`, {
      method: "POST",
      headers: {
        "content-type": "application/xml; charset=utf-8",
        authorization: basicAuthorization("bandwidth", "local-dev-password"),
      },
      body,
    });
    expect(answer.status).toBe(200);
    const { id } = (await answer.json()) as { id: string };
    for (const event of await deliveredEverywhere(id)) {
      assertValidEvent(event);
      expect(event.type).toBe("port_in.status_changed");
      expect(event.data.phoneNumbers).toHaveLength(BANDWIDTH_MAX_NUMBERS);
      expect(event.data.phoneNumbers.at(-1)).toBe(`+1919${2_000_000 + BANDWIDTH_MAX_NUMBERS - 1}`);
    }
  });

  it("accepts a Telnyx number order of a few hundred numbers and delivers it whole", async () => {
    const body = Buffer.from(telnyxNumberOrder(TELNYX_NUMBERS));
    expect(body.length).toBeGreaterThan(128 * 1024);
    const answer = await fetch(`${runtime.url}/telnyx/notifications`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...telnyxHeaders(body, createPrivateKey(DEV_TELNYX_PRIVATE_KEY_PEM), new Date()),
      },
      body,
    });
    expect(answer.status).toBe(200);
    const { id } = (await answer.json()) as { id: string };
    for (const event of await deliveredEverywhere(id)) {
      assertValidEvent(event);
      expect(event.data.phoneNumbers).toHaveLength(TELNYX_NUMBERS);
    }
  });
});
