import { describe, expect, it } from "vitest";
import { ssmGetParameter } from "../../../../../lib/aws/ssmParameter.ts";
import { createSecretReader } from "../../../../../lib/config/secrets.ts";
import { bandwidthCredentialsLoader } from "../../../../../lib/providers/bandwidth/v1/credentials.ts";
import { ssmStandIn } from "../../../../helpers/ssmStandIn.ts";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const env = {
  BANDWIDTH_USERNAME: "bandwidth",
  BANDWIDTH_PASSWORD_PARAMETER: "/p/bandwidth-password",
  BANDWIDTH_PASSWORD_PREVIOUS_PARAMETER: "/p/bandwidth-password-previous",
};

async function loaderWith(values: Record<string, string>, clock = { now: NOW }) {
  const ssm = await ssmStandIn({ "/p/bandwidth-password": "new", ...values });
  const load = bandwidthCredentialsLoader(
    createSecretReader({ env, getParameter: ssmGetParameter(ssm.env) }),
    () => clock.now,
  );
  return { load, ssm, clock };
}

describe("the Bandwidth v1 credentials during a password rotation", () => {
  it("accepts the previous password from SSM until its expiry", async () => {
    const { load, clock } = await loaderWith({
      "/p/bandwidth-password-previous": JSON.stringify({
        password: "old",
        expiresAt: "2026-11-26T12:00:00Z",
      }),
    });
    expect(await load()).toEqual({ username: "bandwidth", password: "new", previousPassword: "old" });
    clock.now = Date.parse("2026-11-26T12:00:01Z");
    expect(await load()).toEqual({ username: "bandwidth", password: "new" });
  });

  it("accepts only the current one when there is no previous parameter, without asking SSM on every request", async () => {
    const { load, ssm, clock } = await loaderWith({});
    expect(await load()).toEqual({ username: "bandwidth", password: "new" });
    expect(await load()).toEqual({ username: "bandwidth", password: "new" });
    const asked = () => ssm.requests.filter((r) => r.name === "/p/bandwidth-password-previous").length;
    expect(asked()).toBe(1);
    clock.now += 301_000;
    await load();
    expect(asked()).toBe(2);
  });

  it("ignores a previous value that is not {password, expiresAt}", async () => {
    const { load } = await loaderWith({ "/p/bandwidth-password-previous": "old" });
    expect(await load()).toEqual({ username: "bandwidth", password: "new" });
  });
});
