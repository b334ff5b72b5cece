import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** A webhook as received: exact body bytes and lower-cased headers. Authenticators work on this. */
export interface WebhookRequest {
  method: string;
  path: string;
  /** Header names lower-cased; API Gateway joins repeated headers with commas. */
  headers: Readonly<Record<string, string>>;
  /** The exact bytes the provider sent (base64-decoded when API Gateway says so). */
  rawBody: Buffer;
  /** When the gateway received the request, ISO 8601. */
  receivedAt: string;
}

/**
 * Turns an API Gateway HTTP API (payload v2) event into a {@link WebhookRequest}.
 * The body is decoded from base64 when `isBase64Encoded` is set, so signatures are checked on the
 * bytes the provider signed (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html).
 */
export function toWebhookRequest(event: APIGatewayProxyEventV2, now: Date = new Date()): WebhookRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const body = event.body ?? "";
  return {
    method: event.requestContext?.http?.method ?? "POST",
    path: event.rawPath ?? event.requestContext?.http?.path ?? "/",
    headers,
    rawBody: event.isBase64Encoded ? Buffer.from(body, "base64") : Buffer.from(body, "utf8"),
    receivedAt: new Date(event.requestContext?.timeEpoch ?? now.getTime()).toISOString(),
  };
}

/** The media type of a request without parameters, lower-cased (`application/xml; charset=utf-8` → `application/xml`). */
export function mediaType(headers: Readonly<Record<string, string>>): string {
  return (headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}
