import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { forward } from "./httpForward.ts";

/**
 * An HTTP proxy to the emulator that answers 503 to the requests naming `needle` in their body
 * while switched off, and passes everything else through: one queue of the emulator made
 * unavailable (a retryable failure to the AWS SDK), the others untouched.
 */
export async function startRefusingProxy(needle: string) {
  let refusing = false;
  let refused = 0;
  let upstream: URL | undefined;
  const server = createServer(async (incoming, answer) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (!upstream || (refusing && body.includes(needle))) {
      refused += 1;
      answer.writeHead(503, { "content-type": "application/x-amz-json-1.0" });
      answer.end(JSON.stringify({ __type: "com.amazonaws.sqs#ServiceUnavailable", message: "unavailable" }));
      return;
    }
    forward(incoming, body, upstream, answer);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setTarget(url: string) {
      upstream = new URL(url);
    },
    refuse(on: boolean) {
      refusing = on;
    },
    refused: () => refused,
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
