import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { fixture } from "../helpers/fixtures.ts";
import { type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString("base64")}`;

/** The port of the first URL printed after `label` in the banner. */
function portAfter(output: string, label: string): string {
  const match = new RegExp(`${label}\\s*http://[^:\\s]+:(\\d+)`).exec(output);
  if (!match?.[1]) throw new Error(`no ${label} URL in:\n${output}`);
  return match[1];
}

describe("registration and password rotation with npm start", () => {
  let runtime: RunningRuntime;
  beforeAll(async () => {
    runtime = await startRuntime({
      BANDWIDTH_PASSWORD: "new-password",
      BANDWIDTH_PASSWORD_PREVIOUS: JSON.stringify({
        password: "old-password",
        expiresAt: "2999-01-01T00:00:00Z",
      }),
      // The renewal runs only when asked here: the test registers first.
      LOCAL_SCHEDULE_SECONDS: "3600",
    });
  });
  afterAll(() => runtime.stop());

  it("accepts the current and the previous password during a rotation window, and nothing else", async () => {
    const post = (authorization: string) =>
      fetch(`${runtime.url}/bandwidth/v1/notifications`, {
        method: "POST",
        headers: { "content-type": "application/xml", authorization },
        body: fixture("bandwidth/v1/orders-complete.xml"),
      }).then((response) => response.status);
    expect(await post(basic("bandwidth:new-password"))).toBe(200);
    expect(await post(basic("bandwidth:old-password"))).toBe(200);
    expect(await post(basic("bandwidth:other-password"))).toBe(401);
  });

  it("`npm run register -- --stage local` subscribes npm start's URL with its stand-in, then finds nothing to change", async () => {
    const env = {
      PORT: new URL(runtime.url).port,
      BANDWIDTH_API_PORT: portAfter(runtime.output(), "Bandwidth Dashboard API stand-in:"),
      BANDWIDTH_PASSWORD: "new-password",
    };
    const first = await runCli("register", ["--stage", "local"], env);
    expect(first).toContain(`→ ${runtime.url}/bandwidth/v1/notifications`);
    expect(first).toMatch(/Applied: \d+ created, 0 updated, 0 failed\./);
    const second = await runCli("register", ["--stage", "local"], env);
    expect(second).toMatch(/Plan: 0 to create, 0 to update, \d+ unchanged, 0 stale\./);
    const check = await runCli("register", ["--stage", "local", "--check"], env);
    expect(check).toContain("All subscriptions present, current and on the stack's credentials.");
    expect(first + second + check).not.toContain("new-password");
  });
});
