import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const CHUNK = Buffer.alloc(64 * 1024, "x");

/**
 * A real HTTP server that answers every request with `status` and a body of `bytes` "x", written
 * as fast as the client reads it (one reused 64 KiB chunk, so the server itself holds no more).
 * `written` resolves with the bytes written once the connection closes: less than `bytes` when the
 * client hung up early.
 */
export async function startStreamingDestination(status: number, bytes: number) {
  let closed: (count: number) => void = () => {};
  const written = new Promise<number>((done) => {
    closed = done;
  });
  const server = createServer(async (req, res) => {
    for await (const _ of req);
    let count = 0;
    res.on("close", () => closed(count));
    res.writeHead(status, { "content-type": "text/plain" });
    const pump = () => {
      while (count < bytes && !res.destroyed) {
        count += CHUNK.length;
        if (!res.write(CHUNK)) return void res.once("drain", pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    written,
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
