import { BandwidthApiError } from "./errors.ts";

/** A GET on the Bandwidth Dashboard API of one account: the XML text of a 200 answer. */
export type BandwidthGet = (path: string, query: URLSearchParams) => Promise<string>;

const TIMEOUT_MS = 10_000;

/**
 * The reconciler's one HTTP seam to the Bandwidth Dashboard API:
 * `<baseUrl>/accounts/<accountId><path>?<query>`, HTTP Basic with the API user's credentials (the
 * spec's only security scheme, `httpBasic`: Bandwidth/api-docs `site/specs/numbers.yml`
 * `components.securitySchemes`). Any answer but 200 is a BandwidthApiError carrying its status and
 * `Retry-After`; the credentials are never part of an error or a log line.
 */
export function bandwidthRequest(options: {
  baseUrl: string;
  accountId: string;
  username: string;
  password: string;
}): BandwidthGet {
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString("base64")}`;
  const base = `${options.baseUrl.replace(/\/+$/, "")}/accounts/${encodeURIComponent(options.accountId)}`;
  return async (path, query) => {
    let answer: Response;
    try {
      answer = await fetch(`${base}${path}?${query}`, {
        headers: { authorization, accept: "application/xml" },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new BandwidthApiError(`GET ${path}: no answer`, { cause: error });
    }
    const text = await answer.text();
    if (answer.status !== 200) {
      const retryAfter = Number(answer.headers.get("retry-after"));
      throw new BandwidthApiError(`GET ${path}: HTTP ${answer.status}`, {
        status: answer.status,
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
      });
    }
    return text;
  };
}
