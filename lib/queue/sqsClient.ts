import { SQSClient } from "@aws-sdk/client-sqs";

/**
 * The SQS client used at ingest. Each send is one attempt with short timeouts: the publisher owns
 * the retry loop so it can stop at the Lambda's deadline. The endpoint comes from the standard
 * `AWS_ENDPOINT_URL_SQS` variable locally (the embedded emulator) and is AWS's own in Lambda.
 */
export function createSqsClient(): SQSClient {
  return new SQSClient({
    maxAttempts: 1,
    // Send to the configured endpoint, not to the host inside the queue URL (they agree in AWS).
    useQueueUrlAsEndpoint: false,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
  });
}
