import { describe, expect, it } from "vitest";
import { backoffDelays, retry, retryRejected } from "../../../lib/aws/retry.ts";

function first<T>(values: Iterator<T>, count: number): T[] {
  return Array.from({ length: count }, () => values.next().value as T);
}

describe("backoffDelays", () => {
  it("doubles from the first wait up to the cap", () => {
    expect(first(backoffDelays({ firstMs: 50, maxMs: 400 }), 6)).toEqual([50, 100, 200, 400, 400, 400]);
  });

  it("has no cap unless given one", () => {
    expect(first(backoffDelays({ firstMs: 250 }), 5)).toEqual([250, 500, 1000, 2000, 4000]);
  });

  it("with jitter, waits 50–100 % of each step", () => {
    for (const [i, wait] of first(backoffDelays({ firstMs: 100, maxMs: 800, jitter: true }), 8).entries()) {
      const step = Math.min(100 * 2 ** i, 800);
      expect(wait).toBeGreaterThanOrEqual(step / 2);
      expect(wait).toBeLessThanOrEqual(step);
    }
  });
});

describe("retry", () => {
  it("calls again after each failure it is told to retry, waiting the backoff between", async () => {
    const waits: number[] = [];
    const seen: number[] = [];
    let calls = 0;
    const result = await retry(
      async () => {
        if (++calls < 3) throw new Error(`failure ${calls}`);
        return "done";
      },
      {
        firstMs: 10,
        retryIf: (_, attempt) => {
          seen.push(attempt);
          return true;
        },
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    );
    expect(result).toBe("done");
    expect(seen).toEqual([1, 2]);
    expect(waits).toEqual([10, 20]);
  });

  it("throws the failure retryIf stops at, without waiting after it", async () => {
    const waits: number[] = [];
    let calls = 0;
    const failure = retry(
      async () => {
        throw new Error(`failure ${++calls}`);
      },
      {
        firstMs: 10,
        retryIf: (_, attempt) => attempt < 3,
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    );
    await expect(failure).rejects.toThrow("failure 3");
    expect(waits).toEqual([10, 20]);
  });
});

describe("retryRejected", () => {
  it("sends again only the entries rejected with a retryable reason, until they pass or the attempts run out", async () => {
    const calls: string[][] = [];
    const waits: number[] = [];
    const rejected = await retryRejected(
      ["a", "b", "c", "d"],
      async (entries) => {
        calls.push(entries);
        // b is refused for good; d is refused every time; c passes on its second try.
        return new Map<number, { retryable: boolean }>(
          entries.flatMap((entry, index): [number, { retryable: boolean }][] => {
            if (entry === "b") return [[index, { retryable: false }] as const];
            if (entry === "d" || (entry === "c" && calls.length === 1))
              return [[index, { retryable: true }] as const];
            return [];
          }),
        );
      },
      { attempts: 3, firstMs: 100, sleep: async (ms) => waits.push(ms) },
    );
    expect(calls).toEqual([["a", "b", "c", "d"], ["c", "d"], ["d"]]);
    expect(waits).toEqual([100, 200]);
    expect([...rejected.keys()].sort()).toEqual([1, 3]);
  });
});
