/** Why the subscriber directory gave no usable answer. Every reason leads to the unavailability policy. */
export type DirectoryFailure = "timeout" | "unreachable" | "bad-response" | "invalid-record";

/**
 * The subscriber directory could not answer in time or answered something unusable. The port-out
 * decision then comes from the configured policy (`PORTOUT_ON_DIRECTORY_FAILURE`), never from a 5xx:
 * Bandwidth treats a 5xx as approval (docs/providers.md#port-out-validation-timing-and-retries).
 */
export class DirectoryUnavailableError extends Error {
  override name = "DirectoryUnavailableError";
  readonly reason: DirectoryFailure;
  constructor(reason: DirectoryFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
