import { sqsSendMessage } from "../aws/sqs.ts";
import { intEnv, requireEnv } from "../config/env.ts";
import type { WebhookRequest } from "../http/request.ts";
import type { HttpResponse } from "../http/response.ts";
import type { IngestRoute } from "../providers/ingestRoute.ts";
import { createPublisher } from "../queue/publisher.ts";
import { ingest } from "./ingest.ts";
import { lazyFallbackWriter } from "./lazyFallback.ts";

/** Time kept back from the Lambda's remaining time to answer after the last publish attempt. */
const RESPONSE_MARGIN_MS = 750;
/** Time kept back, on routes with a fallback, to write the request to the fallback archive. */
const FALLBACK_RESERVE_MS = 3000;

export type Ingestor = (request: WebhookRequest, remainingMs: number) => Promise<HttpResponse>;

/**
 * Builds a route's ingest function. Configuration is read and validated once, here, at cold start
 * (`EVENTS_QUEUE_URL`, `PUBLISH_BUDGET_MS`, and `ARCHIVE_BUCKET` for routes whose
 * provider never retries); secrets are loaded on first use and cached by their loader, and not at
 * all for a request the route's `challenge` answers (no SSM call per new instance for Bandwidth's
 * credential-less first attempt).
 */
export function createIngestor<Secrets>(
  route: IngestRoute<Secrets>,
  loadSecrets: () => Promise<Secrets>,
): Ingestor {
  const publisher = createPublisher(sqsSendMessage(), requireEnv("EVENTS_QUEUE_URL"));
  const publishBudgetMs = intEnv("PUBLISH_BUDGET_MS", 20_000);
  const fallback = route.providerRetries ? undefined : lazyFallbackWriter(requireEnv("ARCHIVE_BUCKET"));
  const reserveMs = RESPONSE_MARGIN_MS + (fallback ? FALLBACK_RESERVE_MS : 0);
  return async (request, remainingMs) => {
    route.challenge?.(request);
    const secrets = await loadSecrets();
    const deadline = Date.now() + Math.max(0, Math.min(publishBudgetMs, remainingMs - reserveMs));
    return ingest(route, request, {
      secrets,
      publisher,
      deadline,
      ...(fallback ? { fallback } : {}),
    });
  };
}
