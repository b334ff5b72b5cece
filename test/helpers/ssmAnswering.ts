import { SSMClient } from "@aws-sdk/client-ssm";

/**
 * A real SSMClient whose requests stop at a middleware that answers like SSM does: SSM has no local
 * emulator, so this is the one place the AWS API itself is stood in for, at the client.
 */
export function ssmAnswering(values: Record<string, string>) {
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
