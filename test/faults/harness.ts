import { createPrivateKey } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { DEV_BANDWIDTH_V2_HMAC_SECRET, DEV_TELNYX_PRIVATE_KEY_PEM } from "../../scripts/local/devKeys.ts";
import { bandwidthV2Headers, telnyxHeaders } from "../../scripts/simulate/sign.ts";
import { fixture } from "../helpers/fixtures.ts";
import type { RunningRuntime } from "../helpers/localRuntime.ts";

/** How a counting destination answers right now. */
export type Behaviour =
  | { kind: "ok" }
  | { kind: "fail"; status: number; retryAfter?: number }
  | { kind: "slow"; ms: number };

/**
 * A real HTTP destination that counts every event id it receives, and whose behaviour a scenario
 * switches (down, slow, 429 storm) while traffic flows.
 */
export async function startCountingDestination() {
  const counts = new Map<string, number>();
  /** Every event received, in arrival order. */
  const received: {
    id: string;
    data: {
      orderId: string | null;
      providerStatus: string | null;
      phoneNumbers: string[];
      details: Record<string, unknown>;
    };
  }[] = [];
  let behaviour: Behaviour = { kind: "ok" };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const current = behaviour;
    if (current.kind === "fail") {
      res
        .writeHead(current.status, current.retryAfter ? { "retry-after": String(current.retryAfter) } : {})
        .end();
      return;
    }
    if (current.kind === "slow") await new Promise((done) => setTimeout(done, current.ms));
    const event = JSON.parse(Buffer.concat(chunks).toString("utf8")) as (typeof received)[number];
    received.push(event);
    counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
    res.writeHead(200).end();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    counts,
    received,
    set(next: Behaviour) {
      behaviour = next;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

const AUTH = `Basic ${Buffer.from("bandwidth:local-dev-password").toString("base64")}`;
const TEMPLATE = fixture("bandwidth/v1/portins-complete.xml");

/** The `n`th distinct Bandwidth v1 notification: orders differ, so every one is its own event. */
export function bandwidthNotification(n: number, order = `fault-order-${n}`): string {
  return TEMPLATE.replaceAll("ee456cfb-d237-4adc-b3f8-9db03d2e62a2", order);
}

/**
 * The v1 notification Bandwidth sends when a port-in order reaches `status` at `lastModifiedDate`
 * (what the order lists then say of it).
 */
export function portinNotification(order: {
  orderId: string;
  status: string;
  lastModifiedDate: string;
}): string {
  return bandwidthNotification(0, order.orderId)
    .replace("<Status>COMPLETE</Status>", `<Status>${order.status}</Status>`)
    .replace("Port-in order completed", `Port-in order ${order.status}`)
    .replace("2023-09-14T14:02:11.120Z", order.lastModifiedDate);
}

/** Sends one Bandwidth v1 notification, as Bandwidth does: once. */
export async function sendBandwidthV1(runtime: RunningRuntime, body: string): Promise<number> {
  const answer = await fetch(`${runtime.url}/bandwidth/v1/notifications`, {
    method: "POST",
    headers: { "content-type": "application/xml", authorization: AUTH },
    body,
  });
  await answer.body?.cancel();
  return answer.status;
}

const TELNYX_TEMPLATE = fixture("telnyx/number-order-complete.json");
const V2_TEMPLATE = fixture("bandwidth/v2/disconnects-complete.json");
const telnyxKey = createPrivateKey(DEV_TELNYX_PRIVATE_KEY_PEM);

export type Provider = "bandwidth-v1" | "bandwidth-v2" | "telnyx";

/** The `n`th distinct webhook of a provider, with the headers that provider would send. */
function webhook(
  provider: Provider,
  n: number,
): { path: string; body: string; headers: () => Record<string, string> } {
  const tag = n.toString(16).padStart(12, "0");
  if (provider === "telnyx") {
    const body = TELNYX_TEMPLATE.replaceAll(
      "d578b093-a0e7-4b64-b0d3-6b689a6ff170",
      `d578b093-a0e7-4b64-b0d3-${tag}`,
    );
    // Telnyx signs each attempt when it sends it.
    return {
      path: "/telnyx/notifications",
      body,
      headers: () => telnyxHeaders(Buffer.from(body), telnyxKey, new Date()),
    };
  }
  if (provider === "bandwidth-v2") {
    const body = V2_TEMPLATE.replaceAll(
      "2e9cbf70-5b3d-4c4e-8f80-7d6c5b4e3f20",
      `2e9cbf70-5b3d-4c4e-8f80-${tag}`,
    );
    const headers = bandwidthV2Headers(Buffer.from(body), Buffer.from(DEV_BANDWIDTH_V2_HMAC_SECRET));
    return { path: "/bandwidth/v2/notifications", body, headers: () => headers };
  }
  return {
    path: "/bandwidth/v1/notifications",
    body: bandwidthNotification(n),
    headers: () => ({ "content-type": "application/xml", authorization: AUTH }),
  };
}

/**
 * Sends webhooks `from`..`to` of one provider as that provider would: Bandwidth v1 once (it never
 * retries); the others again after a non-200 answer, up to `attempts` times.
 */
export async function sendAs(
  provider: Provider,
  runtime: RunningRuntime,
  from: number,
  to: number,
  attempts = 1,
) {
  const acknowledged: string[] = [];
  let refused = 0;
  let next = from;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < to) {
        const { path, body, headers } = webhook(provider, next++);
        for (let attempt = 1; attempt <= attempts; attempt++) {
          const answer = await fetch(`${runtime.url}${path}`, { method: "POST", headers: headers(), body });
          if (answer.status === 200) {
            acknowledged.push(((await answer.json()) as { id: string }).id);
            break;
          }
          await answer.body?.cancel();
          if (attempt === attempts) refused++;
          else await new Promise((done) => setTimeout(done, 250));
        }
      }
    }),
  );
  return { acknowledged, refused };
}

export interface ScenarioResult {
  scenario: string;
  sent: number;
  acknowledged: number;
  delivered: number;
  duplicated: number;
  lost: number;
}

/** Counts, for one destination, what was acknowledged against what arrived, for these ids only. */
export function tally(
  scenario: string,
  sent: number,
  acknowledged: readonly string[],
  counts: Map<string, number>,
): ScenarioResult {
  const ids = new Set(acknowledged);
  const delivered = [...ids].filter((id) => counts.has(id)).length;
  const duplicated = [...ids].reduce((sum, id) => sum + Math.max(0, (counts.get(id) ?? 0) - 1), 0);
  return {
    scenario,
    sent,
    acknowledged: acknowledged.length,
    delivered,
    duplicated,
    lost: ids.size - delivered,
  };
}

/**
 * Counts, per order status change, how many times it reached the destination: a change delivered
 * by a live notification or by reconciliation counts once either way.
 */
export function tallyChanges(
  scenario: string,
  changes: readonly { orderId: string; status: string }[],
  acknowledged: number,
  received: readonly { data: { orderId: string | null; providerStatus: string | null } }[],
): ScenarioResult {
  const count = (change: { orderId: string; status: string }) =>
    received.filter(
      (event) => event.data.orderId === change.orderId && event.data.providerStatus === change.status,
    ).length;
  const counts = changes.map(count);
  return {
    scenario,
    sent: changes.length,
    acknowledged,
    delivered: counts.filter((n) => n > 0).length,
    duplicated: counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
    lost: counts.filter((n) => n === 0).length,
  };
}

/** The summary table printed after the scenarios run. */
export function summaryTable(results: readonly ScenarioResult[]): string {
  return [
    "| scenario | sent | acknowledged | delivered | duplicated | lost |",
    "|---|---:|---:|---:|---:|---:|",
    ...results.map(
      (r) =>
        `| ${r.scenario} | ${r.sent} | ${r.acknowledged} | ${r.delivered} | ${r.duplicated} | ${r.lost} |`,
    ),
  ].join("\n");
}

/** Waits until every acknowledged id has arrived, or deliveries stall (the tally then shows the loss). */
export async function waitForAll(
  acknowledged: readonly string[],
  counts: Map<string, number>,
  stallMs = 60_000,
) {
  // Gives up only after `stallMs` without a single new delivery: a loaded machine delivers slowly,
  // and what is still arriving is late, not lost.
  let missing = acknowledged.filter((id) => !counts.has(id)).length;
  let until = Date.now() + stallMs;
  while (missing > 0 && Date.now() < until) {
    await new Promise((done) => setTimeout(done, 200));
    const now = acknowledged.filter((id) => !counts.has(id)).length;
    if (now < missing) until = Date.now() + stallMs;
    missing = now;
  }
}
