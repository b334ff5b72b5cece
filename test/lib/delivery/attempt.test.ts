import { afterEach, describe, expect, it, vi } from "vitest";
import { attemptDelivery } from "../../../lib/delivery/attempt.ts";
import { loadDestinations } from "../../../lib/destinations/config.ts";
import { orderEvent } from "../../helpers/events.ts";
import { startReceiver } from "../../helpers/httpReceiver.ts";

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  vi.restoreAllMocks();
});

const event = orderEvent("A", 1);

async function attemptAgainst(
  answer: Parameters<typeof startReceiver>[0],
  attempts = 1,
  queuedAgoSeconds = 0,
) {
  const receiver = await startReceiver(answer);
  stop = receiver.stop;
  const [destination] = loadDestinations(
    JSON.stringify({
      destinations: [
        { name: "crm", type: "http", url: receiver.url, retry: { initialDelay: 1, maxDelay: 1 } },
      ],
    }),
  );
  const now = Date.now();
  const queuedAt = new Date(now - queuedAgoSeconds * 1000).toISOString();
  return attemptDelivery({ destination: "crm", queuedAt, event }, destination, attempts, now);
}

describe("attemptDelivery", () => {
  it("honours Retry-After over its own, shorter backoff", async () => {
    const result = await attemptAgainst(() => ({ status: 429, headers: { "retry-after": "120" } }));
    expect(result).toEqual({ kind: "retry", delaySeconds: 120, reason: "destination answered 429" });
  });

  it("uses its backoff when the destination gives no Retry-After", async () => {
    expect(await attemptAgainst(() => ({ status: 503 }))).toMatchObject({ kind: "retry", delaySeconds: 1 });
  });

  it("does not wait past the age limit: at 24 h a retryable failure is dead-lettered", async () => {
    expect(await attemptAgainst(() => ({ status: 503 }), 40, 86_400)).toEqual({
      kind: "deadLetter",
      reason: "gave up after 40 attempts: destination answered 503",
      retryable: true,
    });
  });

  it.each([400, 401, 403, 404, 410, 422])("dead-letters a %i at once", async (status) => {
    expect(await attemptAgainst(() => ({ status }))).toMatchObject({ kind: "deadLetter", retryable: false });
  });
});

describe("delivery metrics", () => {
  it("writes one EMF line per outcome with the destination as dimension", async () => {
    // The test run turns metrics off (METRICS_DISABLED); this test turns them on.
    vi.stubEnv("METRICS_DISABLED", "false");
    vi.resetModules();
    const { recordDelivery } = await import("../../../lib/delivery/metrics.ts");
    const lines: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    recordDelivery("crm", "retried", 42);
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    expect(lines).toHaveLength(1);
    const emf = JSON.parse(lines.join("").trim());
    expect(emf).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          {
            Namespace: "NumberEventsGateway",
            // The dashboard searches {NumberEventsGateway,destination,service} (serverless/monitoring.yml).
            Dimensions: [["service", "destination"]],
            Metrics: [
              { Name: "retried", Unit: "Count" },
              { Name: "latency", Unit: "Milliseconds" },
            ],
          },
        ],
      },
      service: "number-events-gateway",
      destination: "crm",
      retried: 1,
      latency: 42,
    });
  });
});
