import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bandwidthNotification, sendBandwidthV1 } from "../faults/harness.ts";
import { runCli, runCliStatus } from "../helpers/cli.ts";
import { queueNamesAt, startEmulatorsProcess } from "../helpers/emulatorsProcess.ts";
import { eventually, type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";
import { waitForItems } from "../helpers/waitFor.ts";

/** The event ids a runtime's file destination has written so far. */
const deliveredIds = (runtime: RunningRuntime) => runtime.delivered().map((event) => event.id);

describe("two npm start runtimes on one npm run emulators, kept apart by LOCAL_NAME_PREFIX", () => {
  let emulators: Awaited<ReturnType<typeof startEmulatorsProcess>>;
  let alpha: RunningRuntime;
  let beta: RunningRuntime;
  beforeAll(async () => {
    // Emulators of its own (not the run's shared ones), so the queues listed are these two runtimes' only.
    emulators = await startEmulatorsProcess(mkdtempSync(join(tmpdir(), "neg-separate-")));
    [alpha, beta] = await Promise.all([
      startRuntime({ ...emulators.env, LOCAL_NAME_PREFIX: "alpha" }),
      startRuntime({ ...emulators.env, LOCAL_NAME_PREFIX: "beta" }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([alpha?.stop(), beta?.stop()]);
    await emulators.stop();
  });

  it("creates each one's queues there under its own prefix", async () => {
    expect(alpha.emulatorUrl).toBe(emulators.env.EMULATOR_URL);
    expect(beta.emulatorUrl).toBe(emulators.env.EMULATOR_URL);
    const names = await queueNamesAt(emulators.env.EMULATOR_URL);
    expect(names).toContain("alpha-EventsQueue.fifo");
    expect(names).toContain("beta-EventsQueue.fifo");
    expect(names.every((name) => name.startsWith("alpha-") || name.startsWith("beta-"))).toBe(true);
    expect(names.filter((name) => name.startsWith("alpha-"))).toHaveLength(
      names.filter((name) => name.startsWith("beta-")).length,
    );
    expect(alpha.output()).toContain("alpha-EventsQueue.fifo");
    expect(alpha.output()).toContain("alpha-PortoutDirectoryTable");
  });

  it("delivers each webhook only through the runtime it was sent to, and npm run consume with a runtime's printed variables reads that runtime's queue", async () => {
    expect(await sendBandwidthV1(alpha, bandwidthNotification(0, "order-alpha"))).toBe(200);
    expect(await sendBandwidthV1(beta, bandwidthNotification(0, "order-beta"))).toBe(200);
    const [alphaId] = await eventually(() =>
      deliveredIds(alpha).length > 0 ? deliveredIds(alpha) : undefined,
    );
    const [betaId] = await eventually(() => (deliveredIds(beta).length > 0 ? deliveredIds(beta) : undefined));
    expect(alphaId).not.toBe(betaId);

    expect(alpha.cliEnv.LOCAL_NAME_PREFIX).toBe("alpha");
    for (const [runtime, id] of [
      [alpha, alphaId],
      [beta, betaId],
    ] as const) {
      const [printed = ""] = await waitForItems(async () => {
        const out = await runCli("consume", [], runtime.cliEnv);
        return out.trim() ? [out] : [];
      }, 1);
      expect(
        printed
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line).id),
      ).toEqual([id]);
    }
    // Everything a runtime delivered is its own.
    expect(deliveredIds(alpha)).toEqual([alphaId]);
    expect(deliveredIds(beta)).toEqual([betaId]);
  });

  it("refuses a prefix S3 could not start a bucket name with, naming the variable", async () => {
    const { code, stderr } = await runCliStatus("start", [], { LOCAL_NAME_PREFIX: "Team_A" });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^npm run start: LOCAL_NAME_PREFIX: must be 1–20 lower-case letters/);
  });
});
