import { describe, expect, it } from "vitest";
import { isRetryableAwsError } from "../../../lib/aws/isRetryableAwsError.ts";
import { AwsRequestError } from "../../../lib/errors.ts";

/** An error shaped as the AWS SDK v3 throws it for a service's answer. */
function answered(
  name: string,
  status: number,
  fault: "client" | "server" = status < 500 ? "client" : "server",
) {
  return Object.assign(new Error(name), { name, $fault: fault, $metadata: { httpStatusCode: status } });
}

describe("isRetryableAwsError", () => {
  it.each([
    [
      "no answer (connection refused)",
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
    ],
    ["a DNS failure", Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" })],
    ["a 500", answered("InternalError", 500)],
    ["a 503 with an unknown name", answered("Whatever", 503)],
    ["a server fault without a status", { name: "Whatever", $fault: "server" }],
    ["a 429 with an unknown name", answered("Whatever", 429)],
    ["ThrottlingException at 400", answered("ThrottlingException", 400)],
    ["SQS's RequestThrottled at 403", answered("RequestThrottled", 403)],
    ["a dotted throttling name", answered("AWS.SimpleQueueService.RequestThrottled", 400)],
    ["SQS's KmsThrottled at 400", answered("KmsThrottled", 400)],
    ["TooManyRequestsException at 400", answered("TooManyRequestsException", 400)],
    ["RequestLimitExceeded at 400", answered("RequestLimitExceeded", 400)],
    ["ExpiredToken at 400", answered("ExpiredToken", 400)],
    ["RequestTimeout at 408", answered("RequestTimeout", 408)],
    [
      "DynamoDB's ProvisionedThroughputExceededException at 400",
      answered("ProvisionedThroughputExceededException", 400),
    ],
    ["a signed request nothing answered", new AwsRequestError("DynamoDB_20120810.GetItem", "socket hang up")],
    [
      "a signed request throttled",
      new AwsRequestError("DynamoDB_20120810.GetItem", "x", {
        type: "ProvisionedThroughputExceededException",
        status: 400,
      }),
    ],
    [
      "a signed request answered 503",
      new AwsRequestError("Firehose_20150804.PutRecordBatch", "x", {
        type: "ServiceUnavailableException",
        status: 503,
      }),
    ],
  ])("retries %s", (_, error) => {
    expect(isRetryableAwsError(error)).toBe(true);
  });

  it.each([
    ["a missing queue", answered("QueueDoesNotExist", 400)],
    ["a dotted missing queue", answered("AWS.SimpleQueueService.NonExistentQueue", 400)],
    ["access denied", answered("AccessDeniedException", 403)],
    ["an invalid parameter", answered("InvalidParameterValue", 400)],
    ["a missing topic", answered("NotFoundException", 404)],
    ["a client fault without a status", { name: "InvalidParameterValue", $fault: "client" }],
    [
      "a signed request's failed condition",
      new AwsRequestError("DynamoDB_20120810.PutItem", "x", {
        type: "ConditionalCheckFailedException",
        status: 400,
      }),
    ],
    [
      "a signed request without credentials",
      new AwsRequestError("DynamoDB_20120810.GetItem", "x", { type: "MissingCredentials" }),
    ],
  ])("does not retry %s", (_, error) => {
    expect(isRetryableAwsError(error)).toBe(false);
  });
});
