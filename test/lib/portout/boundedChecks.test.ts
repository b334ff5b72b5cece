import { describe, expect, it } from "vitest";
import { hashSecret, verifySecret } from "../../../lib/directory/secretHash.ts";
import { boundedChecks } from "../../../lib/portout/boundedChecks.ts";

/** The real scrypt check, counting the checks started and the most at once. */
function counted() {
  const seen = { started: 0, inFlight: 0, mostInFlight: 0 };
  const verify = async (secret: string, stored: string) => {
    seen.started++;
    seen.mostInFlight = Math.max(seen.mostInFlight, ++seen.inFlight);
    try {
      return await verifySecret(secret, stored);
    } finally {
      seen.inFlight--;
    }
  };
  return { seen, verify };
}

describe("a decision's secret checks", () => {
  it("run at most `concurrency` at a time and all give their answer", async () => {
    const stored = await hashSecret("4321");
    const { seen, verify } = counted();
    const bounded = boundedChecks(verify, new AbortController().signal, 2);
    const results = await Promise.all(
      ["4321", "1111", "4321", "2222", "4321", "3333"].map((pin) => bounded(pin, stored)),
    );
    expect(results).toEqual([true, false, true, false, true, false]);
    expect(seen).toMatchObject({ started: 6, mostInFlight: 2 });
  });

  it("start no check once the deadline passed: only those already running finish, the rest reject", async () => {
    const stored = await hashSecret("4321");
    const { seen, verify } = counted();
    const deadline = new AbortController();
    const bounded = boundedChecks(verify, deadline.signal, 2);
    const checks = Array.from({ length: 20 }, () => bounded("1111", stored));
    // The deadline passes while the first two run.
    deadline.abort(new Error("decision deadline passed"));
    const settled = await Promise.allSettled(checks);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(2);
    expect(settled.filter((s) => s.status === "rejected")).toHaveLength(18);
    expect(seen.started).toBe(2);
  });
});
