import { type BandwidthApiOptions, createBandwidthApi } from "../bandwidthApi/client.ts";

/** A GET on the Bandwidth Dashboard API of one account: the XML text of a 2xx answer. */
export type BandwidthGet = (path: string, query: URLSearchParams) => Promise<string>;

/**
 * The reconciler's one HTTP seam to the Bandwidth Dashboard API: GETs through the shared client
 * (`lib/bandwidthApi/client.ts`: HTTP Basic with the API user's credentials, the credentials never in
 * an error or a log line). Any other answer is a BandwidthApiError carrying its status and `Retry-After`.
 */
export function bandwidthRequest(options: BandwidthApiOptions): BandwidthGet {
  const api = createBandwidthApi({ timeoutMs: 10_000, ...options });
  return async (path, query) => (await api.request("GET", path, { query: Object.fromEntries(query) })).body;
}
