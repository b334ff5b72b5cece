import type { CanonicalEvent } from "../event/canonical.ts";
import type { WebhookRequest } from "../http/request.ts";

/**
 * What one webhook route needs to say; the shared pipeline (`ingest.ts`) does the rest in a fixed
 * order: authenticate on the raw bytes → size → content type → normalize → publish.
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
