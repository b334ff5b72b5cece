import { httpDriver } from "../../../lib/destinations/http.ts";
import { normalizeNotification } from "../../../lib/providers/bandwidth/v1/normalizeNotification.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { startStreamingDestination } from "../../helpers/streamingDestination.ts";
import type { Row } from "../measure.ts";

/** The size of the huge answer: the 150 MB answer killed a 256 MB deliver Lambda. */
const HUGE_BYTES = 150 * 1024 * 1024;

/** Heap + buffer memory in use, MiB. */
const inUse = () => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 1024 / 1024;
};

/**
 * Peak memory growth while delivering one event to a destination that refuses with a 150 MB
 * answer, against the same delivery to a destination refusing with an empty answer. The server
 * reuses one 64 KiB chunk, so what grows is the gateway's reading of the answer.
 */
export async function destinationAnswers(): Promise<Row[]> {
  const event = normalizeNotification(
    fixture("bandwidth/v1/orders-complete.xml"),
    "2026-01-01T00:00:00.000Z",
  );
  const peaks: Record<string, number> = {};
  for (const [name, size] of [
    ["empty", 0],
    ["huge", HUGE_BYTES],
  ] as const) {
    const destination = await startStreamingDestination(500, size);
    const config = httpDriver.parseConfig(
      { name: "bench", type: "http", url: destination.url, timeoutMs: 60_000 },
      "bench",
    );
    globalThis.gc?.();
    const before = inUse();
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, inUse());
    }, 5);
    await httpDriver.deliver(httpDriver.format(event, config), config).catch(() => undefined);
    peak = Math.max(peak, inUse());
    clearInterval(sampler);
    peaks[name] = peak - before;
    await destination.stop();
  }
  const empty = peaks.empty ?? 0;
  const huge = peaks.huge ?? 0;
  return [
    {
      id: "destination.answer-empty",
      section: "destination",
      name: "peak memory delivering to a destination refusing with an empty answer",
      value: empty,
      unit: "MiB",
    },
    {
      id: "destination.answer-150mb",
      section: "destination",
      name: "peak memory delivering to a destination refusing with a 150 MB answer",
      value: huge,
      unit: "MiB",
      baseline: { name: "empty answer", ratio: empty > 0 ? huge / empty : huge },
    },
  ];
}
