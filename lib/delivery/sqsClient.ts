import { SQSClient } from "@aws-sdk/client-sqs";

/**
 * The client the fan-out and deliver functions use for their own queues (same account and region).
 * It talks to the configured endpoint — AWS's in Lambda, `AWS_ENDPOINT_URL_SQS` locally — and not
 * to the host inside the queue URL, which the emulator does not serve. The SDK's standard retries
 * (3 attempts with backoff) apply.
 */
export function createQueueClient(): SQSClient {
  return new SQSClient({ useQueueUrlAsEndpoint: false });
}
