import { DeliveryError } from "../errors.ts";

/** Error names AWS services use for throttling and transient server trouble, whatever the status code. */
const TRANSIENT = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "KMSThrottlingException",
  "ServiceUnavailable",
  "InternalFailure",
  "InternalError",
  "ExpiredToken",
  "ExpiredTokenException",
  "RequestTimeout",
  "RequestTimeoutException",
]);

/**
 * Classifies an AWS SDK failure: no answer at all (network, DNS, timeout — hookdeck/outpost#314 is
 * what happens when DNS errors are not retried), throttling and 5xx are retryable; any other 4xx
 * (no such queue or topic, access denied, invalid parameter) will not fix itself and is dead-lettered.
 */
export function awsDeliveryError(error: unknown, action: string): DeliveryError {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  const status = failure?.$metadata?.httpStatusCode;
  const name = failure?.name ?? "Error";
  const retryable =
    status === undefined ||
    status >= 500 ||
    status === 429 ||
    TRANSIENT.has(name) ||
    TRANSIENT.has(name.split(".").pop() ?? "");
  return new DeliveryError(`${action} failed: ${name}${status ? ` (${status})` : ""}`, {
    retryable,
    cause: error,
  });
}
