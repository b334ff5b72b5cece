import { describe, expect, it } from "vitest";
import { createSsmParameterReader, ssmGetParameter } from "../../../lib/aws/ssmParameter.ts";
import { AwsRequestError, SsmParameterError } from "../../../lib/errors.ts";
import { ssmStandIn } from "../../helpers/ssmStandIn.ts";

describe("createSsmParameterReader over SSM's HTTP protocol", () => {
  it("reads a SecureString decrypted with a signed request, once per cache period", async () => {
    const ssm = await ssmStandIn({ "/ngw/test/secret": "s3cret" });
    const clock = { now: 0 };
    const read = createSsmParameterReader(ssmGetParameter(ssm.env), () => clock.now);
    expect(await read("/ngw/test/secret")).toBe("s3cret");
    clock.now = 299_999;
    expect(await read("/ngw/test/secret")).toBe("s3cret");
    expect(ssm.requests).toEqual([{ name: "/ngw/test/secret", decrypt: true }]);
    clock.now = 300_000;
    expect(await read("/ngw/test/secret")).toBe("s3cret");
    expect(ssm.requests).toHaveLength(2);
  });

  it("shares one request between concurrent reads of a parameter", async () => {
    const ssm = await ssmStandIn({ "/ngw/test/secret": "s3cret" });
    const read = createSsmParameterReader(ssmGetParameter(ssm.env));
    expect(await Promise.all([read("/ngw/test/secret"), read("/ngw/test/secret")])).toEqual([
      "s3cret",
      "s3cret",
    ]);
    expect(ssm.requests).toHaveLength(1);
  });

  it("tries a throttled read again", async () => {
    const ssm = await ssmStandIn({ "/ngw/test/secret": "s3cret" }, { throttle: 2 });
    expect(await createSsmParameterReader(ssmGetParameter(ssm.env))("/ngw/test/secret")).toBe("s3cret");
  });

  it("names the parameter SSM cannot give, with SSM's error type as the cause, and asks again next time", async () => {
    const ssm = await ssmStandIn({});
    const read = createSsmParameterReader(ssmGetParameter(ssm.env));
    const error = await read("/ngw/test/missing").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SsmParameterError);
    expect(error).toMatchObject({
      message: "could not read SSM parameter /ngw/test/missing",
      parameterName: "/ngw/test/missing",
    });
    expect((error as Error).cause).toBeInstanceOf(AwsRequestError);
    expect((error as Error).cause).toMatchObject({ type: "ParameterNotFound", status: 400 });
    await read("/ngw/test/missing").catch(() => undefined);
    expect(ssm.requests).toHaveLength(2);
  });

  it("says which variables are missing when there are no credentials, without asking SSM", async () => {
    const ssm = await ssmStandIn({ "/ngw/test/secret": "s3cret" });
    const { AWS_ACCESS_KEY_ID: _, ...env } = ssm.env;
    const error = await createSsmParameterReader(ssmGetParameter(env))("/ngw/test/secret").catch(
      (e: unknown) => e,
    );
    expect((error as Error).cause).toMatchObject({ type: "MissingCredentials" });
    expect(ssm.requests).toEqual([]);
  });

  it("refuses an empty parameter rather than using an empty secret", async () => {
    const ssm = await ssmStandIn({ "/ngw/test/empty": "" });
    await expect(createSsmParameterReader(ssmGetParameter(ssm.env))("/ngw/test/empty")).rejects.toThrow(
      "SSM parameter /ngw/test/empty is empty",
    );
  });
});
