import { timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { BandwidthApiRoute } from "../../scripts/standin/bandwidth/route.ts";

/**
 * A tiny Bandwidth Dashboard API stand-in server for the reconciler's tests, with the signature and
 * contract of the shared `scripts/standin/bandwidth/server.ts` (issue 12) so it can be swapped for it:
 * `<url>/accounts/{accountId}/…` behind HTTP Basic (401 with a challenge otherwise), 400 for another
 * account (the spec's answer for one that "does not exist or is locked"), then each route in turn,
 * 404 when none answers.
 */
export async function startBandwidthApiStandIn(options: {
  accountId: string;
  username: string;
  password: string;
  routes: BandwidthApiRoute[];
  port?: number;
}): Promise<{ url: string; close(): Promise<void> }> {
  const expected = Buffer.from(
    `Basic ${Buffer.from(`${options.username}:${options.password}`).toString("base64")}`,
  );
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://stand-in");
    const given = Buffer.from(req.headers.authorization ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401, { "www-authenticate": 'Basic realm="Bandwidth"' }).end();
      return;
    }
    const match = /^\/api\/accounts\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (!match?.[2]) {
      res.writeHead(404).end();
      return;
    }
    if (decodeURIComponent(match[1] ?? "") !== options.accountId) {
      res.writeHead(400).end();
      return;
    }
    const request = {
      method: req.method ?? "GET",
      path: match[2],
      query: url.searchParams,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    for (const route of options.routes) {
      const answer = route(request);
      if (answer) {
        res.writeHead(answer.status, answer.headers).end(answer.body);
        return;
      }
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    async close() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
