import { afterEach, describe, expect, it } from "vitest";
import { httpDriver, parseRetryAfter } from "../../../lib/destinations/http.ts";
import { DeliveryError } from "../../../lib/errors.ts";
import { normalizeNotification } from "../../../lib/providers/bandwidth/v1/normalizeNotification.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { startReceiver } from "../../helpers/httpReceiver.ts";
import { startStreamingDestination } from "../../helpers/streamingDestination.ts";

const event = normalizeNotification(fixture("bandwidth/v1/orders-complete.xml"), "2026-01-02T03:04:05.000Z");
let stop: (() => Promise<void>) | undefined;
afterEach(async () => stop?.());

async function deliverTo(answer: Parameters<typeof startReceiver>[0], timeoutMs = 2000) {
  const receiver = await startReceiver(answer);
  stop = receiver.stop;
  const config = httpDriver.parseConfig(
    { name: "crm", type: "http", url: receiver.url, timeoutMs, headers: { "x-team": "numbers" } },
    "destinations[0]",
  );
  const error = await httpDriver
    .deliver(httpDriver.format(event, config), config)
    .then(() => undefined)
    .catch((caught: unknown) => caught);
  return { receiver, error: error as DeliveryError | undefined };
}

describe("http destination", () => {
  it("POSTs the canonical event with its id as webhook-id and the configured headers", async () => {
    const { receiver, error } = await deliverTo(() => ({ status: 204 }));
    expect(error).toBeUndefined();
    expect(JSON.parse(receiver.received[0]?.body ?? "")).toEqual(event);
    expect(receiver.received[0]?.headers["webhook-id"]).toBe(event.id);
    expect(receiver.received[0]?.headers["content-type"]).toBe("application/json");
    expect(receiver.received[0]?.headers["x-team"]).toBe("numbers");
  });

  it.each([500, 502, 503, 429])("treats %i as retryable", async (status) => {
    const { error } = await deliverTo(() => ({ status }));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error?.retryable).toBe(true);
  });

  it.each([400, 401, 404, 410, 422])("treats %i as permanent", async (status) => {
    const { error } = await deliverTo(() => ({ status }));
    expect(error?.retryable).toBe(false);
  });

  it("passes on Retry-After", async () => {
    const { error } = await deliverTo(() => ({ status: 429, headers: { "retry-after": "120" } }));
    expect(error?.retryAfterMs).toBe(120_000);
  });

  it("gives up on a destination that hangs, as a retryable failure", async () => {
    const { error } = await deliverTo(() => "hang", 200);
    expect(error?.retryable).toBe(true);
    expect(error?.message).toMatch(/timeout/);
  });

  it("treats a refused connection as retryable", async () => {
    const config = httpDriver.parseConfig({ name: "x", type: "http", url: "http://127.0.0.1:1/" }, "d");
    const error = await httpDriver.deliver(httpDriver.format(event, config), config).catch((e: unknown) => e);
    expect((error as DeliveryError).retryable).toBe(true);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("5")).toBe(5000);
    expect(
      parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT")),
    ).toBe(10_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

/** Bounds this test's own work: reading the whole answer would reach it. */
const STREAM_CAP_BYTES = 64 * 1024 * 1024;

describe("http destination answers", () => {
  it.each([
    [500, "refusing"],
    [200, "accepting"],
  ])("reads at most what it keeps of a huge %i answer and hangs up on the rest (%s)", async (status) => {
    const destination = await startStreamingDestination(status, STREAM_CAP_BYTES);
    stop = destination.stop;
    const config = httpDriver.parseConfig(
      { name: "crm", type: "http", url: destination.url, timeoutMs: 30_000 },
      "destinations[0]",
    );
    const error = await httpDriver
      .deliver(httpDriver.format(event, config), config)
      .then(() => undefined)
      .catch((caught: unknown) => caught as DeliveryError);
    if (status === 200) expect(error).toBeUndefined();
    else expect(error?.message).toBe(`destination answered 500: ${"x".repeat(200)}`);
    // Socket buffers hold a few MiB at most; reading the whole answer would reach the cap.
    expect(await destination.written).toBeLessThan(8 * 1024 * 1024);
  });
});
