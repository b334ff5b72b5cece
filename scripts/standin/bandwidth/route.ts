/** One resource of the Bandwidth Dashboard API stand-in: answers the requests it owns, `undefined` otherwise. */
export interface StandInRequest {
  method: string;
  /** The path after `/api/accounts/{accountId}`, e.g. `/subscriptions/abc`. */
  path: string;
  query: URLSearchParams;
  body: string;
}

export interface StandInResponse {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export type BandwidthApiRoute = (request: StandInRequest) => StandInResponse | undefined;
