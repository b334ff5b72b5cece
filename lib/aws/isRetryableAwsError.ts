import { AwsRequestError } from "../errors.ts";

/**
 * Error names AWS services use for transient trouble, whatever the status code (besides every name
 * containing "throttl": `ThrottlingException`, `RequestThrottled`, `KMSThrottlingException`, …). The
 * throttling names without "throttl" are the SDK's own list (@smithy/core, retry/service-error-classification
 * constants.js, THROTTLING_ERROR_CODES): DynamoDB's `ProvisionedThroughputExceededException` among them.
 */
const TRANSIENT = new Set([
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "ProvisionedThroughputExceededException",
  "LimitExceededException",
  "BandwidthLimitExceeded",
  "PriorRequestNotComplete",
  "TransactionInProgressException",
  "SlowDown",
  "ServiceUnavailable",
  "InternalFailure",
  "InternalError",
  "ExpiredToken",
  "ExpiredTokenException",
  "RequestTimeout",
  "RequestTimeoutException",
]);

/**
 * The one AWS error classifier: whether asking again can succeed. No answer at all (network, DNS,
 * timeout — hookdeck/outpost#314 is what happens when DNS errors are not retried), a server fault or
 * 5xx, 429, and throttling or transient names (any name containing "throttl", or one in the list,
 * also as the last part of a dotted name such as `AWS.SimpleQueueService.RequestThrottled`) are
 * retryable. Any other answer — a 4xx or client fault: no such queue or topic, access denied, an
 * invalid parameter — will not fix itself. Reads both the SDK's errors and {@link AwsRequestError}
 * (a request without the SDK, lib/aws/signedJsonRequest.ts), which has no type when nothing answered.
 */
export function isRetryableAwsError(error: unknown): boolean {
  if (error instanceof AwsRequestError) {
    if (error.status === undefined) return error.type === undefined;
    return isTransient(error.type ?? "", error.status);
  }
  const {
    name = "",
    $fault,
    $metadata,
  } = (error ?? {}) as {
    name?: string;
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = $metadata?.httpStatusCode;
  if (status === undefined && $fault === undefined) return true;
  return $fault === "server" || isTransient(name, status);
}

function isTransient(name: string, status: number | undefined): boolean {
  return (
    (status !== undefined && (status >= 500 || status === 429)) ||
    /throttl/i.test(name) ||
    TRANSIENT.has(name) ||
    TRANSIENT.has(name.split(".").pop() ?? "")
  );
}
