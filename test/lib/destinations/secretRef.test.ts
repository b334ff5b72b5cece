import { describe, expect, it } from "vitest";
import { ssmGetParameter } from "../../../lib/aws/ssmParameter.ts";
import { createSecretResolver } from "../../../lib/destinations/secretRef.ts";
import { DeliveryError } from "../../../lib/errors.ts";
import { ssmStandIn } from "../../helpers/ssmStandIn.ts";

describe("destination secrets", () => {
  it("reads an SSM SecureString decrypted, once per cache period", async () => {
    const ssm = await ssmStandIn({ "/ngw/test/destinations/crm": "whsec_c2VjcmV0" });
    const resolve = createSecretResolver(ssmGetParameter(ssm.env));
    const ref = { ssmParameter: "/ngw/test/destinations/crm" };
    expect(await resolve(ref)).toBe("whsec_c2VjcmV0");
    expect(await resolve(ref)).toBe("whsec_c2VjcmV0");
    expect(ssm.requests).toEqual([{ name: "/ngw/test/destinations/crm", decrypt: true }]);
  });

  it("makes a missing parameter a retryable delivery failure, naming the parameter", async () => {
    const resolve = createSecretResolver(ssmGetParameter((await ssmStandIn({})).env));
    const error = await resolve({ ssmParameter: "/ngw/test/destinations/missing" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({
      retryable: true,
      message: "could not read SSM parameter /ngw/test/destinations/missing",
    });
  });

  it("returns an inline secret as it is, without calling SSM", async () => {
    const ssm = await ssmStandIn({});
    expect(await createSecretResolver(ssmGetParameter(ssm.env))({ value: "whsec_aW5saW5l" })).toBe(
      "whsec_aW5saW5l",
    );
    expect(ssm.requests).toEqual([]);
  });
});
