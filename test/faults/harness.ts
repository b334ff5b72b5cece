import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
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
    const id = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string }).id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
    res.writeHead(200).end();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    counts,
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
 * Sends notifications `from`..`to` as Bandwidth does (no retry: one attempt each), `concurrency` at a
 * time, and returns the ids acknowledged with 200.
 */
export async function sendBandwidth(runtime: RunningRuntime, from: number, to: number, concurrency = 20) {
  const acknowledged: string[] = [];
  let refused = 0;
  let next = from;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < to) {
        const n = next++;
        const answer = await fetch(`${runtime.url}/bandwidth/v1/notifications`, {
          method: "POST",
          headers: { "content-type": "application/xml", authorization: AUTH },
          body: bandwidthNotification(n),
        });
        if (answer.status === 200) acknowledged.push(((await answer.json()) as { id: string }).id);
        else refused++;
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

/** Counts, for one destination, what was acknowledged against what arrived. */
export function tally(
  scenario: string,
  sent: number,
  acknowledged: readonly string[],
  counts: Map<string, number>,
): ScenarioResult {
  const lost = acknowledged.filter((id) => !counts.has(id)).length;
  const duplicated = [...counts.values()].reduce((sum, count) => sum + (count - 1), 0);
  return { scenario, sent, acknowledged: acknowledged.length, delivered: counts.size, duplicated, lost };
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

/** Waits until every acknowledged id has arrived (or the time is up; the tally then shows the loss). */
export async function waitForAll(
  acknowledged: readonly string[],
  counts: Map<string, number>,
  timeoutMs = 60_000,
) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && acknowledged.some((id) => !counts.has(id))) {
    await new Promise((done) => setTimeout(done, 200));
  }
}
