import { BandwidthApiError, failureOfStatus } from "./errors.ts";

/** Where and as whom to call the Bandwidth Dashboard API. */
export interface BandwidthApiOptions {
  /** `https://dashboard.bandwidth.com/api` (stack param `bandwidthApiUrl`), or a stand-in's. */
  baseUrl: string;
  accountId: string;
  /** The API user's credentials (SSM `bandwidth-api-username` / `bandwidth-api-password`). */
  username: string;
  password: string;
  /** Per request; the default leaves a Lambda room to report the failure. */
  timeoutMs?: number;
}

export interface BandwidthApiResponse {
  status: number;
  headers: Headers;
  body: string;
}

export interface BandwidthApi {
  /**
   * One call under `/accounts/{accountId}`: `path` is the rest (`/subscriptions/abc`). A 2xx answer
   * is returned; anything else throws a BandwidthApiError naming the failure.
   */
  request(
    method: string,
    path: string,
    options?: { body?: string; query?: Record<string, string> },
  ): Promise<BandwidthApiResponse>;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * The Bandwidth Dashboard API over HTTP: XML in and out, HTTP Basic with the API user's credentials
 * (site/specs/numbers.yml `securitySchemes.httpBasic`, in Bandwidth/api-docs). The credentials are
 * only ever put in the `Authorization` header, never in a message.
 */
export function createBandwidthApi(options: BandwidthApiOptions): BandwidthApi {
  const base = `${options.baseUrl.replace(/\/+$/, "")}/accounts/${encodeURIComponent(options.accountId)}`;
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`, "utf8").toString("base64")}`;
  return {
    async request(method, path, { body, query } = {}) {
      const url = new URL(`${base}${path}`);
      for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, {
          method,
          headers: {
            authorization,
            accept: "application/xml",
            ...(body === undefined ? {} : { "content-type": "application/xml; charset=utf-8" }),
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        });
        text = await response.text();
      } catch (error) {
        throw new BandwidthApiError("unreachable", { method, path, cause: error });
      }
      if (response.status >= 200 && response.status < 300) {
        return { status: response.status, headers: response.headers, body: text };
      }
      const retryAfter = Number(response.headers.get("retry-after"));
      throw new BandwidthApiError(failureOfStatus(response.status), {
        method,
        path,
        status: response.status,
        detail: errorDescription(text),
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
      });
    },
  };
}

/**
 * Bandwidth's own reason in an error body (`<ResponseStatus><ErrorCode>…</ErrorCode>
 * <Description>…</Description></ResponseStatus>`), cut short: it is shown to the operator.
 */
function errorDescription(body: string): string | undefined {
  const code = /<ErrorCode>([^<]{1,20})<\/ErrorCode>/.exec(body)?.[1];
  const description = /<Description>([^<]{1,300})<\/Description>/.exec(body)?.[1];
  if (!description) return undefined;
  return code ? `${description} (${code})` : description;
}
