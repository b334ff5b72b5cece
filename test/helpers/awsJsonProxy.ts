import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { forward } from "./httpForward.ts";

/** An answer the proxy gives instead of the service: an AWS JSON error or result. */
export interface CannedAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * An HTTP proxy in front of a local AWS JSON endpoint (the embedded DynamoDB, the Firehose stand-in)
 * that records each request's operation (`X-Amz-Target` after its dot: `PutItem`), so a test counts
 * the requests a caller really sent, and can answer the next requests itself (`answerNext`) the way the
 * AWS JSON protocols answer (https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html: the
 * status, and a JSON body whose `__type` names the error), for what the local service does not do:
 * throttling, a 5xx, DynamoDB's item returned with a failed condition.
 */
export type AwsJsonProxy = Awaited<ReturnType<typeof startAwsJsonProxy>>;

export async function startAwsJsonProxy(upstream: string) {
  const target = new URL(upstream);
  const operations: string[] = [];
  const bodies: string[] = [];
  const headers: IncomingHttpHeaders[] = [];
  const canned: CannedAnswer[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    operations.push(String(incoming.headers["x-amz-target"] ?? "").replace(/^.*\./, ""));
    bodies.push(body.toString("utf8"));
    headers.push(incoming.headers);
    const answer = canned.shift();
    if (answer) {
      const type = `application/x-amz-json-${String(incoming.headers["content-type"]).endsWith("1.0") ? "1.0" : "1.1"}`;
      outgoing.writeHead(answer.status, { "content-type": type }).end(JSON.stringify(answer.body));
      return;
    }
    forward(incoming, body, target, outgoing);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** The operations received, in order. */
    operations,
    /** The request bodies received, in order. */
    bodies,
    /** The request headers received, in order. */
    headers,
    /** Answers the next requests with these, in order, instead of the service. */
    answerNext(...answers: CannedAnswer[]) {
      canned.push(...answers);
    },
    /** Forgets the answers not given yet: the next requests reach the service. */
    forgetAnswers() {
      canned.length = 0;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
