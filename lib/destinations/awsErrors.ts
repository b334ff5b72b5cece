import { isRetryableAwsError } from "../aws/isRetryableAwsError.ts";
import { DeliveryError } from "../errors.ts";

/**
 * An AWS SDK failure as a DeliveryError: retryable as {@link isRetryableAwsError} says (throttling,
 * 5xx, no answer); any other 4xx (no such queue or topic, access denied, invalid parameter) will not
 * fix itself and is dead-lettered.
 */
export function awsDeliveryError(error: unknown, action: string): DeliveryError {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  const status = failure?.$metadata?.httpStatusCode;
  const name = failure?.name ?? "Error";
  return new DeliveryError(`${action} failed: ${name}${status ? ` (${status})` : ""}`, {
    retryable: isRetryableAwsError(error),
    cause: error,
  });
}
