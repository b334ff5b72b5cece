import { isRetryableAwsError } from "../aws/isRetryableAwsError.ts";
import { AwsRequestError, DeliveryError } from "../errors.ts";

/**
 * An AWS failure — an SDK client's, or an {@link AwsRequestError} of a request made without one
 * (lib/aws/signedJsonRequest.ts) — as a DeliveryError: retryable as {@link isRetryableAwsError} says
 * (throttling, 5xx, no answer); any other 4xx (no such queue or topic, access denied, invalid
 * parameter) will not fix itself and is dead-lettered.
 */
export function awsDeliveryError(error: unknown, action: string): DeliveryError {
  const { name, status } = describe(error);
  return new DeliveryError(`${action} failed: ${name}${status ? ` (${status})` : ""}`, {
    retryable: isRetryableAwsError(error),
    cause: error,
  });
}

/** The error's name (its AWS type when the service answered) and HTTP status. */
function describe(error: unknown): { name: string; status: number | undefined } {
  // Without a type nothing answered (its message says what happened: a timeout, a refused connection).
  if (error instanceof AwsRequestError) return { name: error.type ?? error.message, status: error.status };
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return { name: failure?.name ?? "Error", status: failure?.$metadata?.httpStatusCode };
}
