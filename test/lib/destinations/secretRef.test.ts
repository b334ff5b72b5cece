import { describe, expect, it } from "vitest";
import { createSecretResolver } from "../../../lib/destinations/secretRef.ts";
import { DeliveryError } from "../../../lib/errors.ts";
import { ssmAnswering } from "../../helpers/ssmAnswering.ts";

describe("destination secrets", () => {
  it("reads an SSM SecureString decrypted, once per cache period", async () => {
    const ssm = ssmAnswering({ "/ngw/test/destinations/crm": "whsec_c2VjcmV0" });
    const resolve = createSecretResolver(ssm.client);
    const ref = { ssmParameter: "/ngw/test/destinations/crm" };
    expect(await resolve(ref)).toBe("whsec_c2VjcmV0");
    expect(await resolve(ref)).toBe("whsec_c2VjcmV0");
    expect(ssm.requests).toEqual([{ name: "/ngw/test/destinations/crm", decrypt: true }]);
  });

  it("makes a missing parameter a retryable delivery failure, naming the parameter", async () => {
    const resolve = createSecretResolver(ssmAnswering({}).client);
    const error = await resolve({ ssmParameter: "/ngw/test/destinations/missing" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({
      retryable: true,
      message: "could not read SSM parameter /ngw/test/destinations/missing",
    });
  });

  it("returns an inline secret as it is, without calling SSM", async () => {
    const ssm = ssmAnswering({});
    expect(await createSecretResolver(ssm.client)({ value: "whsec_aW5saW5l" })).toBe("whsec_aW5saW5l");
    expect(ssm.requests).toEqual([]);
  });
});
