/** Measurement helpers for `npm run bench`. Figures are compared as ratios within one run. */

export interface Row {
  /** A stable key for scripts that read BENCHMARKS.json (the cost model). */
  id: string;
  section: string;
  name: string;
  value: number;
  unit: string;
  /** What this row is compared against, and the ratio value / baseline. */
  baseline?: { name: string; ratio: number };
  /** The ratio this row should reach (an issue's goal), written beside it. */
  goal?: string;
}

/** CPU microseconds (user + system) per call of `fn`, after a warm-up. */
export async function cpuMicrosPerCall(fn: () => unknown, iterations: number): Promise<number> {
  for (let i = 0; i < Math.min(500, iterations); i++) await fn();
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) await fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / iterations;
}

/** Requests per second a target sustains with `concurrency` keep-alive clients for `durationMs`. */
export async function requestRate(
  send: () => Promise<Response>,
  options: { concurrency: number; durationMs: number; expectStatus: number },
): Promise<{ rate: number; latencies: number[] }> {
  const until = performance.now() + options.durationMs;
  const latencies: number[] = [];
  let unexpected = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const response = await send();
        await response.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (response.status !== options.expectStatus) unexpected++;
      }
    }),
  );
  if (unexpected > 0) throw new Error(`${unexpected} responses were not ${options.expectStatus}`);
  return { rate: latencies.length / ((performance.now() - started) / 1000), latencies };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
