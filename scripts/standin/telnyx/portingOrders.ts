import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { listen } from "../../local/listen.ts";

export interface StandInPortingOrder {
  id: string;
  status: { value: string };
  webhook_url: string | null;
}

/**
 * A stand-in of the Telnyx porting-orders endpoints the register command uses (telnyx-node
 * `src/resources/porting-orders/porting-orders.ts`): `GET /v2/porting_orders` paged with
 * `page[number]` / `page[size]` and `meta`, `PATCH /v2/porting_orders/{id}`; `401` for another
 * Bearer key, `404` for an unknown order.
 */
export async function startTelnyxStandIn(options: { apiKey: string; orders: StandInPortingOrder[] }) {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://stand-in");
    const json = (status: number, body: object) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Bearer ${options.apiKey}`)
      return json(401, { errors: [{ code: "10009", title: "Authentication failed" }] });
    if (req.method === "GET" && url.pathname === "/v2/porting_orders") {
      const size = Number(url.searchParams.get("page[size]") ?? 20);
      const page = Number(url.searchParams.get("page[number]") ?? 1);
      return json(200, {
        data: options.orders.slice((page - 1) * size, page * size),
        meta: {
          page_number: page,
          page_size: size,
          total_results: options.orders.length,
          total_pages: Math.max(1, Math.ceil(options.orders.length / size)),
        },
      });
    }
    const match = /^\/v2\/porting_orders\/([^/]+)$/.exec(url.pathname);
    const order = options.orders.find((candidate) => candidate.id === match?.[1]);
    if (req.method === "PATCH" && order) {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { webhook_url?: string };
      if (body.webhook_url !== undefined) order.webhook_url = body.webhook_url;
      return json(200, { data: order });
    }
    return json(404, { errors: [{ code: "10005", title: "Resource not found" }] });
  });
  await listen(server, 0, "127.0.0.1", "TELNYX_API_PORT");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v2`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
