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
        expect.arrayContaining(["S3 raw archive", "CloudWatch Logs"]),
      );
      expect(inputs.archivedBytes).toBeGreaterThan(0);
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

  it("grows with the measured CPU", () => {
    const path = PROVIDER_PATHS[0];
    if (!path) throw new Error("paths missing");
    expect(total(costPerMillion(inputsOf(path, 100)))).toBeGreaterThan(
      total(costPerMillion(inputsOf(path, 10))),
    );
  });
});
