import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP server standing in for a user's endpoint. `answer` decides each response (status and
 * headers, or "hang" to never answer); every request is recorded.
 */
export async function startReceiver(
  answer: (
    request: Received,
    index: number,
  ) => { status: number; headers?: Record<string, string> } | "hang" = () => ({
    status: 200,
  }),
) {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
    received.push(request);
    const reply = answer(request, received.length - 1);
    if (reply === "hang") return;
    res.writeHead(reply.status, reply.headers).end();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
