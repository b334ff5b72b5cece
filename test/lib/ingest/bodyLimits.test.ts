import { describe, expect, it } from "vitest";
import { packRawRequest, rawRequestOf } from "../../../lib/http/rawRequest.ts";
import type { WebhookRequest } from "../../../lib/http/request.ts";
import { bandwidthV1NotificationsRoute } from "../../../lib/providers/bandwidth/v1/notificationsRoute.ts";
import { bandwidthV2NotificationsRoute } from "../../../lib/providers/bandwidth/v2/notificationsRoute.ts";
import type { IngestRoute } from "../../../lib/providers/ingestRoute.ts";
import { telnyxNotificationsRoute } from "../../../lib/providers/telnyx/notificationsRoute.ts";
import { asciiJson } from "../../../lib/queue/asciiJson.ts";
import { SQS_MAX_MESSAGE_BYTES } from "../../../lib/queue/publisher.ts";
import { bandwidthPortInCompletion, telnyxNumberOrder } from "../../helpers/largeOrders.ts";

const bandwidthV2Completion = (count: number) =>
  JSON.stringify({
    completedPhoneNumbers: Array.from({ length: count }, (_, i) => `+1919${2_000_000 + i}`),
    lastModifiedDate: "2025-05-05T14:08:26.103Z",
    message: "Port-in order completed",
    orderId: "9cf8daa0-89a4-46aa-a1aa-8b5cf621f218",
    orderType: "portins",
    status: "COMPLETE",
  });

/** The most numbers whose body stays within `limit`, by the body's growth per number. */
function largestUnder(limit: number, build: (count: number) => string): string {
  const base = Buffer.byteLength(build(1000));
  const perNumber = (Buffer.byteLength(build(2000)) - base) / 1000;
  return build(Math.floor(1000 + (limit - base) / perNumber));
}

const cases: [string, IngestRoute<never>, (count: number) => string, string][] = [
  ["Bandwidth v1", bandwidthV1NotificationsRoute, bandwidthPortInCompletion, "application/xml"],
  ["Bandwidth v2", bandwidthV2NotificationsRoute, bandwidthV2Completion, "application/json"],
  ["Telnyx", telnyxNotificationsRoute, telnyxNumberOrder, "application/json"],
];

describe.each(cases)("the %s body limit", (_, route, build, contentType) => {
  it("admits a body of numbers right up to it, and that body still fits one queue message", () => {
    const body = Buffer.from(largestUnder(route.maxBodyBytes, build));
    expect(body.length).toBeLessThanOrEqual(route.maxBodyBytes);
    expect(body.length).toBeGreaterThan(route.maxBodyBytes * 0.99);
    const request: WebhookRequest = {
      method: "POST",
      path: "/",
      headers: { "content-type": contentType, "telnyx-signature-ed25519": "x".repeat(88) },
      rawBody: body,
      receivedAt: "2026-01-02T03:04:05.000Z",
    };
    const event = route.normalize(request);
    const raw = packRawRequest(rawRequestOf(request, route.name, event.source, event.id));
    expect(Buffer.byteLength(asciiJson(event)) + raw.length).toBeLessThan(SQS_MAX_MESSAGE_BYTES);
  });
});
