import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyBasicAuth } from "../../../lib/auth/basic.ts";
import { listen } from "../../local/listen.ts";
import type { BandwidthApiRoute, StandInResponse } from "./route.ts";

export interface BandwidthApiStandIn {
  /** The base URL, ending in `/api`, as the `bandwidthApiUrl` stack param. */
  url: string;
  close(): Promise<void>;
}

/**
 * A local stand-in of the Bandwidth Dashboard API (`https://dashboard.bandwidth.com/api`), for tests
 * and `npm start`: it checks HTTP Basic (site/specs/numbers.yml `securitySchemes.httpBasic`) and the
 * account id, then asks each route in turn; 404 when none answers.
 */
export async function startBandwidthApiStandIn(options: {
  accountId: string;
  username: string;
  password: string;
  routes: BandwidthApiRoute[];
  port?: number;
  /** 127.0.0.1 unless said otherwise (`npm start` passes its HOST). */
  host?: string;
}): Promise<BandwidthApiStandIn> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://stand-in");
    const answer = (response: StandInResponse) =>
      res
        .writeHead(response.status, { "content-type": "application/xml", ...response.headers })
        .end(response.body ?? "");
    try {
      verifyBasicAuth(req.headers.authorization, options);
    } catch {
      return answer({ status: 401, headers: { "www-authenticate": 'Basic realm="Bandwidth"' } });
    }
    const match = /^\/api\/accounts\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!match) return answer({ status: 404 });
    // The spec answers 400 for an account that "does not exist or is locked" (GET/POST /subscriptions).
    if (decodeURIComponent(match[1] ?? "") !== options.accountId) {
      return answer(errorAnswer(400, "12345", "The account does not exist or is locked"));
    }
    const request = {
      method: req.method ?? "GET",
      path: match[2] ?? "",
      query: url.searchParams,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    for (const route of options.routes) {
      const response = route(request);
      if (response) return answer(response);
    }
    return answer({ status: 404 });
  });
  const host = options.host ?? "127.0.0.1";
  await listen(server, options.port ?? 0, host, "BANDWIDTH_API_PORT");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/api`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** An error body in the shape of the spec's `SubscriptionsErrorResponse` (`ResponseStatus`). */
export function errorAnswer(status: number, code: string, description: string): StandInResponse {
  return {
    status,
    body:
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<SubscriptionsResponse><ResponseStatus>` +
      `<ErrorCode>${code}</ErrorCode><Description>${description}</Description></ResponseStatus></SubscriptionsResponse>`,
  };
}
