import { MalformedBodyError, PayloadTooLargeError, UnsupportedMediaTypeError } from "../errors.ts";
import { mediaType, type WebhookRequest } from "../http/request.ts";
import { type HttpResponse, jsonResponse } from "../http/response.ts";
import { logger } from "../log.ts";
import type { Publisher } from "../queue/publisher.ts";
import type { IngestRoute } from "./route.ts";

export interface IngestContext<Secrets> {
  secrets: Secrets;
  publisher: Publisher;
  maxBodyBytes: number;
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
  if (request.rawBody.length > context.maxBodyBytes) {
    throw new PayloadTooLargeError(`body over ${context.maxBodyBytes} bytes`);
  }
  if (request.rawBody.length === 0) throw new MalformedBodyError("empty body");
  const type = mediaType(request.headers);
  if (!route.contentTypes.includes(type)) {
    throw new UnsupportedMediaTypeError(`expected ${route.contentTypes.join(" or ")}`);
  }
  const event = route.normalize(request);
  await context.publisher.publish(event, context.deadline);
  logger.info("event queued", {
    route: route.name,
    eventId: event.id,
    type: event.type,
    orderId: event.data.orderId,
  });
  return jsonResponse(200, { id: event.id, type: event.type });
}
