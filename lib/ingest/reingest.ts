import type { CanonicalEvent } from "../event/canonical.ts";
import type { RawRequest } from "../http/rawRequest.ts";
import type { WebhookRequest } from "../http/request.ts";
import type { IngestRoute } from "../providers/ingestRoute.ts";

/**
 * Normalizes an archived request again with its route's current normalizer. Authentication is not
 * repeated: the request was authenticated when it was received (it is only archived after that),
 * and Basic credentials are never stored nor signature timestamps still fresh.
 */
export function reingest(
  raw: RawRequest,
  routes: Readonly<Record<string, IngestRoute<never>>>,
): CanonicalEvent {
  const route = routes[raw.route];
  if (!route) throw new Error(`archived request ${raw.eventId} names an unknown route ${raw.route}`);
  const request: WebhookRequest = {
    method: "POST",
    path: "",
    headers: raw.headers,
    rawBody: Buffer.from(raw.bodyBase64, "base64"),
    receivedAt: raw.receivedAt,
  };
  return route.normalize(request);
}
