import type { CanonicalEvent } from "../event/canonical.ts";
import type { WebhookRequest } from "../http/request.ts";

/**
 * What one webhook route needs to say; the shared pipeline (`ingest.ts`) does the rest in a fixed
 * order: authenticate on the raw bytes → size (`maxBodyBytes`) → content type → normalize → publish.
 */
export interface IngestRoute<Secrets> {
  /** A short name for logs and metrics (`bandwidth-v1-notifications`). */
  name: string;
  /**
   * Whether the provider retries a request we fail. When it does not (Bandwidth v1), an accepted
   * event the queue cannot take is written to the fallback archive and answered 200, and the
   * recovery function queues it later; when it does, the answer is 503 and the provider retries.
   */
  providerRetries: boolean;
  /**
   * Bodies larger than this are answered 413 before they are read. Each route sizes it from the
   * largest request its provider documents, with headroom, and cites the source. Every limit stays
   * within what the pipeline can carry: the canonical event and the gzipped raw request travel in
   * one SQS message of at most 1 MiB (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html;
   * the template sets `MaximumMessageSize` to that maximum), and far below API Gateway HTTP API's
   * 10 MB payload (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html)
   * and Lambda's 6 MB synchronous invocation payload
   * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), which a body that
   * API Gateway base64-encodes (`isBase64Encoded`, 4/3 of its size) would reach at about 4.4 MB.
   */
  maxBodyBytes: number;
  /** Media types accepted; anything else is answered 415. */
  contentTypes: readonly string[];
  /**
   * Optional: throws an AuthenticationError for a request no secret could authenticate (Bandwidth's
   * credential-less first attempt, answered with the challenge). Runs before the secrets are loaded.
   */
  challenge?(request: WebhookRequest): void;
  /** Throws an AuthenticationError unless the request is genuinely from the provider. */
  authenticate(request: WebhookRequest, secrets: Secrets, now: Date): void;
  /** Pure: bytes in, canonical event out. Throws MalformedBodyError for a body the provider would not send. */
  normalize(request: WebhookRequest): CanonicalEvent;
}
