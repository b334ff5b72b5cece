import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { SendMessage } from "./sqs.ts";

/** What a client is for; each use has its own retry and endpoint rules. */
export type SqsClientUse =
  /**
   * The operator commands' publisher (`npm run recover`, `npm run replay -- --from-archive`,
   * `npm run directory -- unlock`), which run
   * with the operator's credentials wherever the SDK finds them (a profile, SSO), not only in the
   * variables lib/aws/sqs.ts reads as the functions do. Each send is one attempt with short timeouts,
   * because the publisher owns the retry loop so it can stop at its deadline.
   */
  | "publish"
  /** The fan-out and deliver functions on their own queues: the SDK's standard retries (3 attempts with backoff). */
  | "ownQueues"
  /**
   * A destination queue, which may be in another region: in AWS the queue URL's host is the endpoint;
   * with an endpoint override (`AWS_ENDPOINT_URL_SQS`, the local emulator) that one.
   */
  | "destination";

/**
 * The one SQS client factory. Our own queues are in the function's account and region, so their
 * clients send to the configured endpoint — AWS's in Lambda, `AWS_ENDPOINT_URL_SQS` locally (the
 * embedded emulator, which does not serve the host inside the queue URL) — not to the queue URL's host.
 * Without an argument: the operator commands' publisher's client.
 */
export function createSqsClient(use: SqsClientUse = "publish"): SQSClient {
  if (use === "destination")
    return new SQSClient({ useQueueUrlAsEndpoint: !process.env.AWS_ENDPOINT_URL_SQS });
  if (use === "ownQueues") return new SQSClient({ useQueueUrlAsEndpoint: false });
  return new SQSClient({
    maxAttempts: 1,
    useQueueUrlAsEndpoint: false,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
  });
}

/** One SendMessage through an SDK client, for the publisher (lib/queue/publisher.ts) of the operator commands. */
export function sdkSendMessage(client: SQSClient): SendMessage {
  return (input) => client.send(new SendMessageCommand(input));
}
