import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allFixtures } from "../../scripts/simulate/fixtureKind.ts";
import { EVENTS_DIR } from "../helpers/fixtures.ts";
import { type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";

const ROOT = resolve(import.meta.dirname, "../..");

/** Runs `npm run simulate`'s entry point as a real child process against the runtime. */
async function simulate(runtime: RunningRuntime, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(ROOT, "scripts/cli/simulate.ts"), ...args, "--url", runtime.url],
      { cwd: ROOT, env: { ...process.env, LOCAL_DATA_DIR: runtime.dataDir, ...env }, timeout: 110_000 },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe("npm run simulate against npm start", () => {
  let runtime: RunningRuntime;
  beforeAll(async () => {
    runtime = await startRuntime();
  });
  afterAll(() => runtime.stop());

  it("sends every fixture as its provider would, and each lands in the default destination", async () => {
    const { code, stdout } = await simulate(runtime, ["--all"]);
    const fixtures = allFixtures(EVENTS_DIR);
    expect(stdout).toContain(
      `${fixtures.length} of ${fixtures.length} fixture(s) sent as their provider would, 0 failed`,
    );
    expect(code).toBe(0);
    // Bandwidth v1: the challenge first, then Basic auth.
    expect(stdout).toMatch(/without credentials\s+401 WWW-Authenticate: Basic realm=/);
    const answered = [...stdout.matchAll(/ 200 \{"id":"([^"]+)"/g)].map((match) => match[1]);
    // Some fixtures are the same provider event (the same id), written another way: those say so.
    const landed = stdout.match(/^ {2}landed in .*events\.jsonl line \d+ as /gm) ?? [];
    const duplicates = stdout.match(/^ {2}duplicate: event \S+ was already delivered/gm) ?? [];
    expect(landed.length + duplicates.length).toBe(fixtures.length);
    expect(landed.length).toBe(new Set(answered).size);
    const ids = new Set(runtime.delivered().map((event) => event.id));
    expect(answered.every((id) => ids.has(id ?? ""))).toBe(true);
  }, 120_000);

  it("accepts a folder, and fails loudly when its key does not match the gateway's", async () => {
    const { code, stdout } = await simulate(runtime, ["events/bandwidth/v2"], {
      BANDWIDTH_V2_HMAC_SECRET: "wrong",
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/HMAC-SHA256 signed\s+401 .*✗ expected 200/);
    expect(stdout).not.toContain("events/telnyx");
  });

  it("reads the events file of the instance it sent to, and says when a fixture was a duplicate", async () => {
    const fixture = "events/telnyx/number-order-complete.json";
    // Another LOCAL_DATA_DIR in the simulator's environment: it asks the instance where its file is.
    const env = { LOCAL_DATA_DIR: join(runtime.dataDir, "not-this-one") };
    const first = await simulate(runtime, [fixture], env);
    expect(first.stdout).toMatch(
      new RegExp(
        `(landed in|duplicate: event \\S+ was already delivered \\(line \\d+ of) .*${runtime.dataDir}/events\\.jsonl`,
      ),
    );
    const again = await simulate(runtime, [fixture], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /duplicate: event \S+ was already delivered \(line \d+ of .*events\.jsonl\)/,
    );
  });

  it("prints its usage without a fixture", async () => {
    const { code } = await simulate(runtime, []);
    expect(code).toBe(2);
  });
});
