import { describe, expect, it } from "vitest";
import { createSsmParameterReader } from "../../../lib/aws/ssmParameter.ts";
import { SsmParameterError } from "../../../lib/errors.ts";
import { ssmAnswering } from "../../helpers/ssmAnswering.ts";

describe("createSsmParameterReader", () => {
  it("reads a SecureString decrypted, once per cache period", async () => {
    const ssm = ssmAnswering({ "/ngw/test/secret": "s3cret" });
    const read = createSsmParameterReader(ssm.client);
    expect(await read("/ngw/test/secret")).toBe("s3cret");
    expect(await read("/ngw/test/secret")).toBe("s3cret");
    expect(ssm.requests).toEqual([{ name: "/ngw/test/secret", decrypt: true }]);
  });

  it("names the parameter SSM cannot give, with the read's error as the cause", async () => {
    const error = await createSsmParameterReader(ssmAnswering({}).client)("/ngw/test/missing").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SsmParameterError);
    expect(error).toMatchObject({
      message: "could not read SSM parameter /ngw/test/missing",
      parameterName: "/ngw/test/missing",
    });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it("refuses an empty parameter rather than using an empty secret", async () => {
    await expect(
      createSsmParameterReader(ssmAnswering({ "/ngw/test/empty": "" }).client)("/ngw/test/empty"),
    ).rejects.toThrow("SSM parameter /ngw/test/empty is empty");
  });
});
