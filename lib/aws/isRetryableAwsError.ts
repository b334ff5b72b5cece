/**
 * Error names AWS services use for transient trouble, whatever the status code (besides every name
 * containing "throttl": `ThrottlingException`, `RequestThrottled`, `KMSThrottlingException`, …).
 */
const TRANSIENT = new Set([
  "TooManyRequestsException",
  "RequestLimitExceeded",
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
 * invalid parameter — will not fix itself.
 */
export function isRetryableAwsError(error: unknown): boolean {
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
  return (
    $fault === "server" ||
    (status !== undefined && (status >= 500 || status === 429)) ||
    /throttl/i.test(name) ||
    TRANSIENT.has(name) ||
    TRANSIENT.has(name.split(".").pop() ?? "")
  );
}
