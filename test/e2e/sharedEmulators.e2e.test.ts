import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulatorsProcess } from "../helpers/emulatorsProcess.ts";
import { fixture } from "../helpers/fixtures.ts";
import { eventually, type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";

describe("npm start on emulators in their own process (npm run emulators)", () => {
  let emulators: Awaited<ReturnType<typeof startEmulatorsProcess>>;
  let runtime: RunningRuntime;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "neg-separate-"));
    emulators = await startEmulatorsProcess(dir);
    runtime = await startRuntime(emulators.env, dir);
  });
  afterAll(async () => {
    await runtime.stop();
    await emulators.stop();
  });

  it("creates its queues, bucket and tables there and delivers an accepted webhook", async () => {
    expect(runtime.emulatorUrl).toBe(emulators.env.EMULATOR_URL);
    const answer = await fetch(`${runtime.url}/bandwidth/v1/notifications`, {
      method: "POST",
      headers: {
        "content-type": "application/xml",
        authorization: `Basic ${Buffer.from("bandwidth:local-dev-password").toString("base64")}`,
      },
      body: fixture("bandwidth/v1/portins-complete.xml"),
    });
    expect(answer.status).toBe(200);
    const { id } = (await answer.json()) as { id: string };
    await eventually(() => runtime.delivered().find((event) => event.id === id));
  });
});
