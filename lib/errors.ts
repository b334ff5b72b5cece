import type { AttributeValue } from "@aws-sdk/client-dynamodb";
/**
 * Typed errors. Each carries the HTTP status a provider should see and a short, safe reason
 * (`expose`); detail goes to the log through `cause` and typed fields, never to the caller.
 * One middleware (`lib/http/errorResponse.ts`) turns them into responses.
 */

export class GatewayError extends Error {
  override name = "GatewayError";
  readonly statusCode: number = 500;
  /** Whether `message` is safe to send to the caller. */
  readonly expose: boolean = false;
  readonly headers: Record<string, string> = {};
  /** An answer the sender expects as part of the protocol (Bandwidth's credential-less probe): logged at DEBUG. */
  readonly expected: boolean = false;
}

/** The body is not what the provider sends: 400 with a short reason, nothing queued. */
export class MalformedBodyError extends GatewayError {
  override name = "MalformedBodyError";
  override readonly statusCode = 400;
  override readonly expose = true;
}

/** Missing or wrong credentials or signature. */
export class AuthenticationError extends GatewayError {
  override name = "AuthenticationError";
  override readonly statusCode = 401;
  override readonly expose = true;
  override readonly headers: Record<string, string>;
  override readonly expected: boolean;
  constructor(message: string, options?: { challenge?: string; cause?: unknown; expected?: boolean }) {
    super(message, { cause: options?.cause });
    this.headers = options?.challenge ? { "www-authenticate": options.challenge } : {};
    this.expected = options?.expected ?? false;
  }
}

export class PayloadTooLargeError extends GatewayError {
  override name = "PayloadTooLargeError";
  override readonly statusCode = 413;
  override readonly expose = true;
}

export class UnsupportedMediaTypeError extends GatewayError {
  override name = "UnsupportedMediaTypeError";
  override readonly statusCode = 415;
  override readonly expose = true;
}

/** Our side failed (the queue, a dependency): 503 so that a retrying provider retries. */
export class UnavailableError extends GatewayError {
  override name = "UnavailableError";
  override readonly statusCode = 503;
  override readonly expose = true;
}

/** A configuration variable is missing or invalid; raised at cold start, naming the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly variable: string;
  constructor(variable: string, problem: string, options?: { cause?: unknown }) {
    super(`${variable}: ${problem}`, options);
    this.variable = variable;
  }
}

/** A destination did not take an event. `retryable` says whether trying again later can succeed. */
export class DeliveryError extends Error {
  override name = "DeliveryError";
  readonly retryable: boolean;
  /** Milliseconds the destination asked us to wait (`Retry-After`), when it said so. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: { retryable: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * An AWS request made without an SDK client (lib/aws/signedJsonRequest.ts) failed. `type` is the
 * service's error type when it answered (`ParameterNotFound`, `ThrottlingException`), with its HTTP
 * status and the error's other members (`answer`: DynamoDB's ConditionalCheckFailedException carries
 * the item there).
 */
export class AwsRequestError extends Error {
  override name = "AwsRequestError";
  readonly operation: string;
  readonly type: string | undefined;
  readonly status: number | undefined;
  readonly answer: Readonly<Record<string, unknown>>;
  constructor(
    operation: string,
    problem: string,
    options: { type?: string; status?: number; answer?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(`${operation}: ${problem}`, { cause: options.cause });
    this.operation = operation;
    this.type = options.type;
    this.status = options.status;
    this.answer = options.answer ?? {};
  }
}

/** A DynamoDB conditional write's condition did not hold (lib/aws/dynamoDb.ts); `item` is the item as it is, when the write asked for it. */
export class ConditionalCheckFailedError extends AwsRequestError {
  override name = "ConditionalCheckFailedError";
  readonly item: Record<string, AttributeValue> | undefined;
  constructor(error: AwsRequestError) {
    super(error.operation, "the conditional request failed", {
      type: error.type,
      status: error.status,
      answer: { ...error.answer },
    });
    this.item = error.answer.Item as Record<string, AttributeValue> | undefined;
  }
}

/** An SSM parameter could not be read, or is empty. Callers say what it was for (a variable, a destination). */
export class SsmParameterError extends Error {
  override name = "SsmParameterError";
  readonly parameterName: string;
  constructor(parameterName: string, problem: "unreadable" | "empty", options?: { cause?: unknown }) {
    super(
      problem === "empty"
        ? `SSM parameter ${parameterName} is empty`
        : `could not read SSM parameter ${parameterName}`,
      options,
    );
    this.parameterName = parameterName;
  }
}
