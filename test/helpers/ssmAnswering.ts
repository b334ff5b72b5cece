import { SSMClient } from "@aws-sdk/client-ssm";

/**
 * A real SSMClient whose requests stop at a middleware that answers like SSM does: SSM has no local
 * emulator, so this is the one place the AWS API itself is stood in for, at the client. GetParameter
 * reads `values`; PutParameter and DeleteParameter change it, as SSM would.
 */
export function ssmAnswering(values: Record<string, string>) {
  const requests: { name: string; decrypt: boolean | undefined }[] = [];
  const writes: { command: string; name: string; type?: string }[] = [];
  const client = new SSMClient({
    region: "us-east-1",
    credentials: { accessKeyId: "t", secretAccessKey: "t" },
  });
  const notFound = () => Object.assign(new Error("ParameterNotFound"), { name: "ParameterNotFound" });
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const input = (args.input ?? {}) as {
        Name: string;
        WithDecryption?: boolean;
        Value?: string;
        Type?: string;
      };
      const answer = (output: object) => ({ output: { ...output, $metadata: {} }, response: {} });
      if (context.commandName === "PutParameterCommand") {
        writes.push({ command: "put", name: input.Name, type: input.Type });
        values[input.Name] = input.Value ?? "";
        return answer({ Version: 1 });
      }
      if (context.commandName === "DeleteParameterCommand") {
        writes.push({ command: "delete", name: input.Name });
        if (!(input.Name in values)) throw notFound();
        delete values[input.Name];
        return answer({});
      }
      requests.push({ name: input.Name, decrypt: input.WithDecryption });
      const value = values[input.Name];
      if (value === undefined) throw notFound();
      return answer({ Parameter: { Name: input.Name, Type: "SecureString", Value: value } });
    },
    { step: "initialize", name: "answerLikeSsm" },
  );
  return { client, requests, writes };
}
