import { describe, expect, it } from "vitest";
import { ssmGetParameter } from "../../../lib/aws/ssmParameter.ts";
import { createSecretReader } from "../../../lib/config/secrets.ts";
import { ssmStandIn } from "../../helpers/ssmStandIn.ts";

describe("readSecret", () => {
  it("prefers the variable itself (local runs)", async () => {
    const read = createSecretReader({
      env: { BANDWIDTH_PASSWORD: "local", BANDWIDTH_PASSWORD_PARAMETER: "/x" },
    });
    expect(await read("BANDWIDTH_PASSWORD")).toBe("local");
  });

  it("reads the SecureString named by <NAME>_PARAMETER, decrypted, once per cache period", async () => {
    const ssm = await ssmStandIn({ "/number-events-gateway/prod/bandwidth-password": "from-ssm" });
    const read = createSecretReader({
      env: { BANDWIDTH_PASSWORD_PARAMETER: "/number-events-gateway/prod/bandwidth-password" },
      getParameter: ssmGetParameter(ssm.env),
    });
    expect(await read("BANDWIDTH_PASSWORD")).toBe("from-ssm");
    expect(await read("BANDWIDTH_PASSWORD")).toBe("from-ssm");
    expect(ssm.requests).toEqual([{ name: "/number-events-gateway/prod/bandwidth-password", decrypt: true }]);
  });

  it("names the variable when neither it nor its parameter is set", async () => {
    await expect(createSecretReader({ env: {} })("TELNYX_PUBLIC_KEY")).rejects.toThrow(
      "TELNYX_PUBLIC_KEY: is not set, and neither is TELNYX_PUBLIC_KEY_PARAMETER",
    );
  });

  it("names the variable and the parameter when SSM cannot give it, without the value", async () => {
    const ssm = await ssmStandIn({});
    const read = createSecretReader({
      env: { BANDWIDTH_PASSWORD_PARAMETER: "/missing" },
      getParameter: ssmGetParameter(ssm.env),
    });
    await expect(read("BANDWIDTH_PASSWORD")).rejects.toThrow(
      "BANDWIDTH_PASSWORD: could not read SSM parameter /missing",
    );
  });
});
