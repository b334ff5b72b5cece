import { afterEach, describe, expect, it, vi } from "vitest";
import { ssmGetParameter } from "../../../lib/aws/ssmParameter.ts";
import { loadDestinations } from "../../../lib/destinations/config.ts";
import { secretHeaders } from "../../../lib/destinations/http.ts";
import { createSecretResolver } from "../../../lib/destinations/secretRef.ts";
import { ConfigError } from "../../../lib/errors.ts";
import { ssmStandIn } from "../../helpers/ssmStandIn.ts";

const SECRET = `whsec_${Buffer.from("current-secret-32-bytes-long!!!!").toString("base64")}`;
const IN_LAMBDA = { AWS_LAMBDA_FUNCTION_NAME: "number-events-gateway-prod-deliver" };
const config = (entry: Record<string, unknown>) =>
  JSON.stringify({
    destinations: [{ name: "crm", type: "http", url: "https://crm.example.com/hooks", ...entry }],
  });

describe("destination secrets in Lambda: SSM only", () => {
  it.each([
    ["an inline signing secret", { secret: SECRET }, /destination "crm": secret is written in the config/],
    [
      "an inline previous secret",
      { secretParameter: "/ngw/prod/destinations/crm", previousSecret: SECRET },
      /destination "crm": previousSecret is written in the config/,
    ],
    [
      "a static Authorization header",
      { headers: { Authorization: "Bearer abc" } },
      /destination "crm": headers.Authorization looks like a credential/,
    ],
    [
      "a static API key header",
      { headers: { "X-Api-Key": "abc" } },
      /headers.X-Api-Key looks like a credential/,
    ],
  ])("refuses %s, naming the destination", (_, entry, message) => {
    expect(() => loadDestinations(config(entry), IN_LAMBDA)).toThrow(ConfigError);
    expect(() => loadDestinations(config(entry), IN_LAMBDA)).toThrow(message);
  });

  it("accepts the same secrets as SSM parameter names, and plain headers", () => {
    const [destination] = loadDestinations(
      config({
        secretParameter: "/ngw/prod/destinations/crm",
        headerParameters: { Authorization: "/ngw/prod/destinations/crm-token" },
        headers: { "X-Team": "numbers" },
      }),
      IN_LAMBDA,
    );
    expect(destination?.config).toMatchObject({
      secret: { ssmParameter: "/ngw/prod/destinations/crm" },
      headerParameters: { Authorization: "/ngw/prod/destinations/crm-token" },
    });
  });

  it("still accepts inline secrets outside Lambda (npm start, tests)", () => {
    expect(() =>
      loadDestinations(config({ secret: SECRET, headers: { Authorization: "x" } }), {}),
    ).not.toThrow();
  });

  it("refuses a header parameter that is not an SSM name, or one the gateway sets", () => {
    expect(() =>
      loadDestinations(config({ headerParameters: { Authorization: "token" } }), IN_LAMBDA),
    ).toThrow(/headerParameters.Authorization must be an SSM parameter name/);
    expect(() => loadDestinations(config({ headerParameters: { "webhook-id": "/x" } }), IN_LAMBDA)).toThrow(
      /headerParameters.webhook-id is set by the gateway/,
    );
  });

  it("reads header credentials from SSM, decrypted", async () => {
    const ssm = await ssmStandIn({ "/ngw/prod/destinations/crm-token": "Bearer from-ssm" });
    const headers = await secretHeaders(
      { Authorization: "/ngw/prod/destinations/crm-token" },
      createSecretResolver(ssmGetParameter(ssm.env)),
    );
    expect(headers).toEqual({ Authorization: "Bearer from-ssm" });
    expect(ssm.requests).toEqual([{ name: "/ngw/prod/destinations/crm-token", decrypt: true }]);
  });
});

describe("the fan-out and deliver functions at cold start in Lambda", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it.each(["fanout", "deliver"])(
    "%s refuses to start with an inline secret, naming the destination",
    async (fn) => {
      vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", `number-events-gateway-prod-${fn}`);
      vi.stubEnv("DESTINATIONS", config({ secret: SECRET }));
      await expect(import(`../../../functions/${fn}.ts`)).rejects.toThrow(
        'DESTINATIONS: destination "crm": secret is written in the config',
      );
    },
  );
});
