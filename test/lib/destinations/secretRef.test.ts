import { SSMClient } from "@aws-sdk/client-ssm";
import { describe, expect, it } from "vitest";
import { createSecretResolver } from "../../../lib/destinations/secretRef.ts";
import { DeliveryError } from "../../../lib/errors.ts";

/**
 * A real SSMClient whose requests stop at a middleware answering as SSM does (SSM has no local
 * emulator: the AWS API is stood in for at the client, as in test/lib/config/secrets.test.ts).
 */
function ssmAnswering(values: Record<string, string>) {
  const requests: { name: string; decrypt: boolean | undefined }[] = [];
  const client = new SSMClient({
    region: "us-east-1",
    credentials: { accessKeyId: "t", secretAccessKey: "t" },
  });
  client.middlewareStack.add(
    () => async (args) => {
      const input = (args.input ?? {}) as { Name: string; WithDecryption?: boolean };
      requests.push({ name: input.Name, decrypt: input.WithDecryption });
      const value = values[input.Name];
      if (value === undefined)
        throw Object.assign(new Error("ParameterNotFound"), { name: "ParameterNotFound" });
      return {
        output: { Parameter: { Name: input.Name, Type: "SecureString", Value: value }, $metadata: {} },
        response: {},
      };
    },
    { step: "initialize", name: "answerLikeSsm" },
  );
  return { client, requests };
}

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
