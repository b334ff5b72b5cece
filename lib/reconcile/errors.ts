/** The Bandwidth Dashboard API answered with an error, or could not be reached. */
export class BandwidthApiError extends Error {
  override name = "BandwidthApiError";
  /** The HTTP status, or undefined when no answer came (network, timeout). */
  readonly status: number | undefined;
  /** Seconds the API asked us to wait (`Retry-After` on 429 / 503), when it said. */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    message: string,
    options: { status?: number; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** An answer of the order APIs that does not have the published shape. */
export class OrderListFormatError extends Error {
  override name = "OrderListFormatError";
}

/** The run's time budget ran out before an order type's window was read: its checkpoint stays. */
export class ReconcileBudgetError extends Error {
  override name = "ReconcileBudgetError";
}
