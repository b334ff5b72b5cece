/**
 * Why a Bandwidth Dashboard API call failed, one kind per answer the caller treats differently
 * (site/specs/numbers.yml in Bandwidth/api-docs: 400 for an account that "does not exist or is
 * locked", 404 when "the subscription validation failed (e.g. invalid URL, invalid expiration
 * date…)" or the resource does not exist, 409 when it "already exists"; 401/403 for the API user).
 */
export type BandwidthApiFailure =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "unreachable"
  | "unexpected";

const SUMMARIES: Record<BandwidthApiFailure, string> = {
  bad_request: "Bandwidth refused the request (400: is the account id right, and the account unlocked?)",
  unauthorized: "Bandwidth refused the API credentials (401: check bandwidth-api-username/-password)",
  forbidden: "the API user may not do this on this account (403: check its roles and the account id)",
  not_found: "Bandwidth answered 404 (a refused callback URL or expiry, or no such resource)",
  conflict: "Bandwidth answered 409 (it already exists)",
  rate_limited: "Bandwidth asked us to slow down (429)",
  unreachable: "the Bandwidth API could not be reached",
  unexpected: "Bandwidth answered something unexpected",
};

/** A Bandwidth Dashboard API call failed. `message` is short and holds no secret; `detail` is Bandwidth's own description, when it gave one. */
export class BandwidthApiError extends Error {
  override name = "BandwidthApiError";
  readonly failure: BandwidthApiFailure;
  readonly status: number | undefined;
  readonly detail: string | undefined;
  /** Seconds the API asked us to wait (`Retry-After` on 429 / 503), when it said. */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    failure: BandwidthApiFailure,
    context: {
      method: string;
      path: string;
      status?: number;
      detail?: string;
      retryAfterSeconds?: number;
      cause?: unknown;
    },
  ) {
    const detail = context.detail ? `: ${context.detail}` : "";
    super(`${context.method} ${context.path}: ${SUMMARIES[failure]}${detail}`, { cause: context.cause });
    this.failure = failure;
    this.status = context.status;
    this.detail = context.detail;
    this.retryAfterSeconds = context.retryAfterSeconds;
  }
}

/** The failure kind of an HTTP status that is not a success. */
export function failureOfStatus(status: number): BandwidthApiFailure {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 409:
      return "conflict";
    case 429:
      return "rate_limited";
    default:
      return "unexpected";
  }
}
