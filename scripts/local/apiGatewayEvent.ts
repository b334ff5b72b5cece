import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";

/**
 * The API Gateway HTTP API (payload 2.0) event for a request, as Lambda would receive it: header
 * names lower-cased, repeated headers joined with commas, and the body base64-encoded so the handler
 * sees exactly the bytes that were sent.
 */
export function apiGatewayEvent(
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
  sourceIp: string,
): APIGatewayProxyEventV2 {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  const now = Date.now();
  return {
    version: "2.0",
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: "",
    headers: flat,
    isBase64Encoded: true,
    body: body.toString("base64"),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: flat.host ?? "localhost",
      domainPrefix: "local",
      http: { method, path, protocol: "HTTP/1.1", sourceIp, userAgent: flat["user-agent"] ?? "" },
      requestId: randomUUID(),
      routeKey: `${method} ${path}`,
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
  };
}
