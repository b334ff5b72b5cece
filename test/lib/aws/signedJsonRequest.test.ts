import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { isRetryableAwsError } from "../../../lib/aws/isRetryableAwsError.ts";
import { signedJsonRequest } from "../../../lib/aws/signedJsonRequest.ts";
import { AwsRequestError } from "../../../lib/errors.ts";
import { localServiceEnvironment } from "../../../scripts/local/clientConfig.ts";

const OPERATION = { service: "sqs", target: "AmazonSQS.GetQueueUrl", jsonVersion: "1.0" } as const;
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A local HTTP server; resolves with its URL and the number of connections it has accepted so far. */
async function listen(handler: RequestListener) {
  const started = createServer(handler);
  server = started;
  let connections = 0;
  started.on("connection", () => connections++);
  await new Promise<void>((resolve) => started.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(started.address() as AddressInfo).port}`,
    connections: () => connections,
  };
}

describe("signedJsonRequest", () => {
  it("sends consecutive requests over one kept-alive connection", async () => {
    const { url, connections } = await listen((request, response) => {
      request.resume();
      request.on("end", () => response.writeHead(200).end('{"QueueUrl":"q"}'));
    });
    const env = localServiceEnvironment("sqs", url);
    for (let i = 0; i < 3; i++)
      expect(await signedJsonRequest(OPERATION, { QueueName: "q" }, env)).toEqual({ QueueUrl: "q" });
    expect(connections()).toBe(1);
  });

  it("gives up on a service that takes the request and never answers, with an error worth retrying", async () => {
    const { url } = await listen((request) => request.resume());
    const error = await signedJsonRequest(
      OPERATION,
      { QueueName: "q" },
      localServiceEnvironment("sqs", url),
      {
        connectMs: 1_000,
        idleMs: 200,
      },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AwsRequestError);
    expect((error as AwsRequestError).message).toMatch(/no activity within 200 ms/);
    expect(isRetryableAwsError(error)).toBe(true);
  });

  it("goes to the endpoint it is given, signed for that endpoint's region", async () => {
    const seen: { host?: string; authorization?: string }[] = [];
    const { url } = await listen((request, response) => {
      seen.push({ host: request.headers.host, authorization: request.headers.authorization });
      request.resume();
      request.on("end", () => response.writeHead(200).end("{}"));
    });
    // The configured endpoint (nothing listens there) is not used.
    const env = localServiceEnvironment("sqs", "http://127.0.0.1:1");
    await signedJsonRequest(OPERATION, { QueueName: "q" }, env, undefined, { url, region: "eu-west-1" });
    expect(seen).toEqual([
      {
        host: new URL(url).host,
        authorization: expect.stringMatching(/Credential=local\/\d{8}\/eu-west-1\/sqs\/aws4_request/),
      },
    ]);
  });
});
