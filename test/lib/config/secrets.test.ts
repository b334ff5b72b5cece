import { SSMClient } from "@aws-sdk/client-ssm";
import { describe, expect, it } from "vitest";
import { createSecretReader } from "../../../lib/config/secrets.ts";

/**
 * A real SSMClient whose requests stop at a middleware that answers like SSM does: SSM has no local
 * emulator, so this is the one place the AWS API itself is stood in for, at the client.
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

describe("readSecret", () => {
  it("prefers the variable itself (local runs)", async () => {
    const read = createSecretReader({
      env: { BANDWIDTH_PASSWORD: "local", BANDWIDTH_PASSWORD_PARAMETER: "/x" },
    });
    expect(await read("BANDWIDTH_PASSWORD")).toBe("local");
  });

  it("reads the SecureString named by <NAME>_PARAMETER, decrypted, once per cache period", async () => {
    const ssm = ssmAnswering({ "/number-events-gateway/prod/bandwidth-password": "from-ssm" });
    const read = createSecretReader({
      env: { BANDWIDTH_PASSWORD_PARAMETER: "/number-events-gateway/prod/bandwidth-password" },
      ssmClient: ssm.client,
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
    const ssm = ssmAnswering({});
    const read = createSecretReader({
      env: { BANDWIDTH_PASSWORD_PARAMETER: "/missing" },
      ssmClient: ssm.client,
    });
    await expect(read("BANDWIDTH_PASSWORD")).rejects.toThrow(
      "BANDWIDTH_PASSWORD: could not read SSM parameter /missing",
    );
  });
});
