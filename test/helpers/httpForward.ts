import { type IncomingMessage, request, type ServerResponse } from "node:http";

/** Passes a request a proxy received (its body already read) on to `upstream`, and the answer back. */
export function forward(
  incoming: IncomingMessage,
  body: Buffer,
  upstream: URL,
  outgoing: ServerResponse,
): void {
  const forwarded = request(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: incoming.method,
      path: incoming.url,
      headers: incoming.headers,
    },
    (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    },
  );
  forwarded.on("error", () => outgoing.destroy());
  forwarded.end(body);
}
