import type { FallbackRecord } from "../archive/fallbackStore.ts";
import {
  MalformedBodyError,
  PayloadTooLargeError,
  UnavailableError,
  UnsupportedMediaTypeError,
} from "../errors.ts";
import { eventLogKeys, receivedLogKeys } from "../event/logKeys.ts";
import { rawRequestOf } from "../http/rawRequest.ts";
import { mediaType, type WebhookRequest } from "../http/request.ts";
import { type HttpResponse, jsonResponse } from "../http/response.ts";
import { logger } from "../log.ts";
import type { IngestRoute } from "../providers/ingestRoute.ts";
import type { Publisher } from "../queue/publisher.ts";
import type { FallbackWriter } from "./lazyFallback.ts";

export interface IngestContext<Secrets> {
  secrets: Secrets;
  publisher: Publisher;
  /** Where accepted events go when the queue is down, for routes whose provider never retries. */
  fallback?: FallbackWriter;
  /** Epoch ms by which the event must be durable, or the answer is 503. */
  deadline: number;
  now?: Date;
}

/**
 * The one ingest pipeline every webhook route runs, in a fixed order: authenticate on the exact
 * bytes (a credential-less probe is answered before its body is even looked at), then body size,
 * content type, normalize, and publish. Only an event made durable on the queue gets a 200.
 */
export async function ingest<Secrets>(
  route: IngestRoute<Secrets>,
  request: WebhookRequest,
  context: IngestContext<Secrets>,
): Promise<HttpResponse> {
  route.authenticate(request, context.secrets, context.now ?? new Date());
  if (request.rawBody.length > route.maxBodyBytes) {
    throw new PayloadTooLargeError(`body over ${route.maxBodyBytes} bytes`);
  }
  if (request.rawBody.length === 0) throw new MalformedBodyError("empty body");
  const type = mediaType(request.headers);
  if (!route.contentTypes.includes(type)) {
    throw new UnsupportedMediaTypeError(`expected ${route.contentTypes.join(" or ")}`);
  }
  const event = route.normalize(request);
  const raw = rawRequestOf(request, route.name, event.source, event.id);
  try {
    await context.publisher.publish(event, context.deadline, raw);
  } catch (error) {
    if (!(error instanceof UnavailableError) || route.providerRetries || !context.fallback) throw error;
    return keepInFallback(context.fallback, { raw, event }, error);
  }
  // The one line per accepted request: what `npm run trace` shows as received, normalized and queued.
  logger.info("event queued", { ...receivedLogKeys(event), answer: 200 });
  return jsonResponse(200, { id: event.id, type: event.type });
}

/**
 * The queue is down and the provider will not retry: keep the accepted event in the fallback
 * archive (one S3 PUT) and answer 200; the recovery function queues it once the queue is back.
 * If even that fails, the answer is 503: nothing better is left.
 */
async function keepInFallback(store: FallbackWriter, record: FallbackRecord, queueError: UnavailableError) {
  try {
    const key = await store.put(record);
    logger.error("queue unavailable: accepted event kept in the fallback archive", {
      ...receivedLogKeys(record.event),
      answer: 200,
      key,
    });
    return jsonResponse(200, { id: record.event.id, type: record.event.type, deferred: true });
  } catch (error) {
    logger.error("fallback archive failed too", { ...eventLogKeys(record.event), answer: 503, error });
    throw queueError;
  }
}
