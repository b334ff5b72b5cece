import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { providerCostInputs } from "../../../lib/cost/inputs.ts";
import { billedMillis, lambdaMillis } from "../../../lib/cost/latency.ts";
import { costPerMillion, floorPerMillion } from "../../../lib/cost/model.ts";
import { PROVIDER_PATHS, type ProviderPath } from "../../../lib/cost/paths.ts";
import { PRICES } from "../../../lib/cost/prices.ts";

const EVENTS = resolve(import.meta.dirname, "../../../events");

/** Every figure the model reads from BENCHMARKS.json, as one value. */
function inputsOf(path: ProviderPath, figure = 10) {
  const dir = resolve(EVENTS, path.fixtures);
  return providerCostInputs(
    path,
    () => figure,
    readFileSync(resolve(dir, path.sample)),
    readdirSync(dir).map((name) => readFileSync(resolve(dir, name))),
  );
}

const total = (lines: readonly { perMillion: number }[]) =>
  lines.reduce((sum, line) => sum + line.perMillion, 0);

describe("the cost model", () => {
  it.each(PROVIDER_PATHS.map((path) => [path.name, path] as const))(
    "%s: the floor names each request it counts and is below the cost, which holds the archive and the logs",
    (_, path) => {
      const inputs = inputsOf(path);
      const floor = floorPerMillion(inputs);
      const cost = costPerMillion(inputs);
      expect(floor.every((line) => line.how.length > 0 && line.perMillion > 0)).toBe(true);
      expect(total(floor)).toBeLessThan(total(cost));
      expect(cost.map((line) => line.item)).toEqual(
        expect.arrayContaining(["Raw archive (Firehose → S3)", "CloudWatch Logs"]),
      );
      expect(inputs.archive.storedBytes).toBeGreaterThan(0);
    },
  );

  it("prices Bandwidth v1's 401 challenge as one more API Gateway request and one more 1 ms invocation", () => {
    const [v1, v2] = PROVIDER_PATHS;
    if (!v1 || !v2) throw new Error("paths missing");
    const oneMinimumInvocation =
      PRICES.lambdaRequest + (billedMillis(0) / 1000) * inputsOf(v1).memoryGb * PRICES.lambdaArmGbSecond;
    expect(total(floorPerMillion(inputsOf(v1))) - total(floorPerMillion(inputsOf(v2)))).toBeCloseTo(
      1e6 * (PRICES.httpApiRequest + oneMinimumInvocation),
      6,
    );
  });

  it("bills a Lambda the CPU measured here stretched to its share of a vCPU, plus what it waits for", () => {
    expect(lambdaMillis(1, 1769, 20)).toBe(21);
    expect(lambdaMillis(1, 3538, 0)).toBe(1);
    expect(lambdaMillis(1, 256, 0)).toBeCloseTo(1769 / 256, 9);
    expect(billedMillis(0)).toBe(1);
    expect(billedMillis(20.1)).toBe(21);
  });

  it("bills the raw archive's Firehose records rounded up to 5 KB each, one per batch, retried batches too", () => {
    const [path] = PROVIDER_PATHS;
    if (!path) throw new Error("paths missing");
    const inputs = inputsOf(path);
    const archiveLine = (recordBytes: number) =>
      costPerMillion({
        ...inputs,
        archive: { ...inputs.archive, recordBytes, storedBytes: 0, objectsPerMonth: 0 },
      }).find((line) => line.item === "Raw archive (Firehose → S3)")?.perMillion;
    const batches = (1e6 / inputs.batchSize) * (1 + inputs.retryRate);
    // The pricing page's examples: a 3 KB record is billed as 5 KB, a 12 KB one as 15 KB.
    expect(archiveLine(3 * 1024)).toBeCloseTo(
      ((batches * 5 * 1024) / 1024 ** 3) * PRICES.firehoseIngestGb,
      9,
    );
    expect(archiveLine(12 * 1024)).toBeCloseTo(
      ((batches * 15 * 1024) / 1024 ** 3) * PRICES.firehoseIngestGb,
      9,
    );
    expect(inputs.archive.recordBytes).toBeGreaterThan(inputs.archive.storedBytes * inputs.batchSize);
  });

  it("prices the log bytes by who writes them: the functions' lines, the metrics, one access line per request", () => {
    const [v1, v2] = PROVIDER_PATHS;
    if (!v1 || !v2) throw new Error("paths missing");
    const logs = (path: ProviderPath) => inputsOf(path).logBytes;
    for (const path of [v1, v2]) expect(Object.values(logs(path)).every((bytes) => bytes > 0)).toBe(true);
    // Bandwidth v1's challenge is a request of its own: two access lines per event.
    expect(logs(v1).access).toBe(2 * logs(v2).access);
    const logLine = (logBytes: ReturnType<typeof logs>) =>
      costPerMillion({ ...inputsOf(v2), logBytes }).find((line) => line.item === "CloudWatch Logs")
        ?.perMillion;
    const all = logs(v2);
    expect(logLine({ ...all, functions: 0 })).toBeCloseTo(
      ((1e6 * (all.metrics + all.access)) / 1024 ** 3) * PRICES.logsIngestGb,
      9,
    );
  });

  it("grows with the measured CPU", () => {
    const path = PROVIDER_PATHS[0];
    if (!path) throw new Error("paths missing");
    expect(total(costPerMillion(inputsOf(path, 100)))).toBeGreaterThan(
      total(costPerMillion(inputsOf(path, 10))),
    );
  });
});
