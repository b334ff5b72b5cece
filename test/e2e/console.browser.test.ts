import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium } from "../helpers/browser.ts";
import { startReceiver } from "../helpers/httpReceiver.ts";
import { eventually, type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";

const AUTH = `Basic ${Buffer.from("bandwidth:local-dev-password").toString("base64")}`;
const chromium = findChromium();
const FAILURES = 3;

const XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Notification>
  <Status>COMPLETE</Status>
  <OrderId>order-console</OrderId>
  <OrderType>orders</OrderType>
  <CompletedTelephoneNumbers><TelephoneNumber>9195550199</TelephoneNumber></CompletedTelephoneNumbers>
  <LastModifiedDate>2026-01-01T10:00:00.000Z</LastModifiedDate>
</Notification>`;

// Without a browser the suite is reported as skipped under a title that says why (and findChromium warns).
const TITLE = chromium
  ? "the local console, in a real headless Chromium"
  : "the local console — SKIPPED: NO BROWSER FOUND (install chromium, as .ci/run does, or set CHROMIUM_PATH)";

describe.skipIf(!chromium)(TITLE, () => {
  let runtime: RunningRuntime;
  let crm: Awaited<ReturnType<typeof startReceiver>>;
  let browser: import("playwright-core").Browser;
  beforeAll(async () => {
    crm = await startReceiver((_request, index) => ({ status: index < FAILURES ? 503 : 200 }));
    runtime = await startRuntime({
      DESTINATIONS: JSON.stringify({
        destinations: [{ name: "crm", type: "http", url: crm.url, retry: { initialDelay: 1, maxDelay: 1 } }],
      }),
    });
    const { chromium: launcher } = await import("playwright-core");
    browser = await launcher.launch({ executablePath: chromium, args: ["--no-sandbox"] });
  });
  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    await crm?.stop();
  });

  it("shows a signed webhook appear, its attempts update, and replays it to one destination", async () => {
    const page = await browser.newPage();
    await page.goto(`${runtime.url}/_console`);
    const answer = await fetch(`${runtime.url}/bandwidth/v1/notifications`, {
      method: "POST",
      headers: { "content-type": "application/xml", authorization: AUTH },
      body: XML,
    });
    const { id } = (await answer.json()) as { id: string };
    const row = `tr[data-event-id="${id}"]`;
    // It appears, with its order and number, while the destination still fails…
    await page.waitForSelector(`${row} span[data-destination="crm"].retrying`, { timeout: 20_000 });
    expect(await page.textContent(row)).toContain("order-console");
    expect(await page.textContent(row)).toContain("+19195550199");
    // …then the same row updates once the destination accepts.
    await page.waitForSelector(`${row} span[data-destination="crm"].delivered`, { timeout: 20_000 });
    expect(await page.textContent('[data-stage="ingest"]')).toContain("1 received");

    await page.click(row);
    await page.locator("#timeline", { hasText: "delivered   → crm" }).waitFor();
    const timeline = (await page.textContent("#timeline")) ?? "";
    expect(timeline).toMatch(/failed {6}→ crm {2}attempt 1, \d+ ms: destination answered 503/);
    expect(await page.textContent("#event")).toContain(`"id": "${id}"`);
    expect(await page.textContent("#raw")).toContain("order-console");
    expect(await page.textContent("#raw")).not.toContain(AUTH.slice("Basic ".length));

    const before = crm.received.length;
    await page.selectOption("#destination", "crm");
    await page.click("#replay");
    await page.locator("#action-result", { hasText: "crm" }).waitFor();
    await eventually(() => (crm.received.length === before + 1 ? true : undefined));
    expect(crm.received.at(-1)?.headers["webhook-id"]).toBe(id);
    await page.locator("#timeline", { hasText: "replayed" }).waitFor();
  });
});
