import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";

const CREDENTIALS = { AWS_ACCESS_KEY_ID: "AKIDSTANDIN", AWS_SECRET_ACCESS_KEY: "standin-secret" };

/**
 * SSM Parameter Store as a local HTTP server speaking its documented protocol (AWS JSON 1.1,
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html): SSM has no
 * local emulator. GetParameter answers from `values` (ParameterNotFound otherwise), after checking the
 * request's Signature Version 4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html),
 * computed here from the spec with node:crypto, not by the signer under test. `throttle` answers that
 * many requests with ThrottlingException first. `env` points a reader at it; closed when the test ends.
 */
export async function ssmStandIn(values: Record<string, string>, options: { throttle?: number } = {}) {
  const requests: { name: string; decrypt: boolean }[] = [];
  let throttle = options.throttle ?? 0;
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const answer = (status: number, value: object) => {
      response.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(value));
    };
    if (request.headers["x-amz-target"] !== "AmazonSSM.GetParameter")
      return answer(400, { __type: "InvalidAction", message: String(request.headers["x-amz-target"]) });
    if (!signatureIsValid(request, body))
      return answer(400, { __type: "InvalidSignatureException", message: "signature does not match" });
    if (throttle-- > 0) return answer(400, { __type: "ThrottlingException", message: "Rate exceeded" });
    const input = JSON.parse(body) as { Name: string; WithDecryption?: boolean };
    requests.push({ name: input.Name, decrypt: input.WithDecryption === true });
    const value = values[input.Name];
    if (value === undefined) return answer(400, { __type: "ParameterNotFound" });
    answer(200, { Parameter: { Name: input.Name, Type: "SecureString", Value: value, Version: 1 } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  const env = {
    ...CREDENTIALS,
    AWS_SESSION_TOKEN: "standin-session",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_SSM: `http://127.0.0.1:${port}`,
  };
  return { env, requests };
}

/** Recomputes the request's SigV4 signature for service `ssm` from the headers it signed. */
function signatureIsValid(request: IncomingMessage, body: string): boolean {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/ssm\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      request.headers.authorization ?? "",
    );
  if (!match) return false;
  const [, keyId, date = "", region = "", signedHeaders = "", signature] = match;
  if (keyId !== CREDENTIALS.AWS_ACCESS_KEY_ID) return false;
  const names = signedHeaders.split(";");
  if (!names.includes("x-amz-security-token") || !names.includes("x-amz-target")) return false;
  const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
  const canonicalRequest = [
    request.method,
    request.url,
    "",
    ...names.map((name) => `${name}:${String(request.headers[name] ?? "").trim()}`),
    "",
    signedHeaders,
    sha256(body),
  ].join("\n");
  const scope = `${date}/${region}/ssm/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", request.headers["x-amz-date"], scope, sha256(canonicalRequest)].join(
    "\n",
  );
  let key: Buffer = Buffer.from(`AWS4${CREDENTIALS.AWS_SECRET_ACCESS_KEY}`);
  for (const part of [date, region, "ssm", "aws4_request"])
    key = createHmac("sha256", key).update(part).digest();
  return createHmac("sha256", key).update(toSign).digest("hex") === signature;
}
