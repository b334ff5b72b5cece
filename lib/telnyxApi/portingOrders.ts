/** The Telnyx API (telnyx-node `src/client.ts`: base `https://api.telnyx.com/v2`, `Authorization: Bearer <API key>`). */
export interface TelnyxApiOptions {
  baseUrl: string;
  /** SSM `<ssmPrefix>/telnyx-api-key`; only ever put in the `Authorization` header. */
  apiKey: string;
}

/** A porting order still in progress, and where Telnyx sends its webhooks. */
export interface OpenPortingOrder {
  id: string;
  status: string;
  webhookUrl: string | null;
}

/** A Telnyx API call failed; the message holds no key. */
export class TelnyxApiError extends Error {
  override name = "TelnyxApiError";
}

/** Statuses after which a porting order sends nothing more (telnyx-node `src/resources/shared.ts` `PortingOrderStatus.value`). */
const FINISHED = new Set(["ported", "cancelled"]);
const PAGE_SIZE = 100;

/**
 * The porting orders not yet ported or cancelled, every page of `GET /porting_orders` (telnyx-node
 * `src/resources/porting-orders/porting-orders.ts` `list`, `DefaultFlatPagination`: `page[number]`,
 * `page[size]`, `meta.total_pages`).
 */
export async function openPortingOrders(options: TelnyxApiOptions): Promise<OpenPortingOrder[]> {
  const open: OpenPortingOrder[] = [];
  for (let page = 1; ; page++) {
    const answer = (await call(
      options,
      "GET",
      `/porting_orders?page[number]=${page}&page[size]=${PAGE_SIZE}`,
    )) as {
      data?: { id: string; status?: { value?: string }; webhook_url?: string | null }[];
      meta?: { total_pages?: number };
    };
    for (const order of answer.data ?? []) {
      const status = order.status?.value ?? "";
      if (!FINISHED.has(status)) open.push({ id: order.id, status, webhookUrl: order.webhook_url ?? null });
    }
    if (page >= (answer.meta?.total_pages ?? 1)) return open;
  }
}

/** `PATCH /porting_orders/{id}` with `webhook_url` (telnyx-node `PortingOrderUpdateParams.webhook_url`). */
export async function setPortingOrderWebhook(
  options: TelnyxApiOptions,
  id: string,
  url: string,
): Promise<void> {
  await call(options, "PATCH", `/porting_orders/${encodeURIComponent(id)}`, { webhook_url: url });
}

async function call(
  options: TelnyxApiOptions,
  method: string,
  path: string,
  body?: object,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${options.baseUrl.replace(/\/+$/, "")}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${options.apiKey}`,
        accept: "application/json",
        ...(body ? { "content-type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new TelnyxApiError(`${method} ${path.split("?")[0]}: the Telnyx API could not be reached`, {
      cause: error,
    });
  }
  const text = await response.text();
  if (!response.ok) {
    const reason =
      response.status === 401
        ? "Telnyx refused the API key (401: check telnyx-api-key)"
        : `Telnyx answered ${response.status}`;
    throw new TelnyxApiError(`${method} ${path.split("?")[0]}: ${reason}`);
  }
  return text ? (JSON.parse(text) as unknown) : undefined;
}
