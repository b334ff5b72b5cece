import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { SendMessage, Sqs } from "./sqs.ts";

/** What a client is for; each use has its own retry rules. */
export type SqsClientUse =
  /**
   * The operator commands' publisher (`npm run recover`, `npm run replay -- --from-archive`,
   * `npm run directory -- unlock`). Each send is one attempt with short timeouts, because the
   * publisher owns the retry loop so it can stop at its deadline.
   */
  | "publish"
  /** The other operator commands on the gateway's queues (redrive, replay, consume): the SDK's standard retries (3 attempts with backoff). */
  | "ownQueues";

/**
 * The SQS client of the operator commands, which run with the operator's credentials wherever the SDK
 * finds them (a profile, SSO), not only in the variables lib/aws/signedJsonRequest.ts reads as the
 * functions do; the functions themselves make their SQS calls without the SDK (lib/aws/sqs.ts). Our own
 * queues are in the deployment's account and region, so requests go to the configured endpoint — AWS's,
 * or `AWS_ENDPOINT_URL_SQS` locally (the embedded emulator, which does not serve the host inside the
 * queue URL) — not to the queue URL's host. Without an argument: the publisher's client.
 */
export function createSqsClient(use: SqsClientUse = "publish"): SQSClient {
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

/** SendMessageBatch through an SDK client, for the operator commands that queue deliveries (redrive, replay). */
export function sdkSendMessageBatch(client: SQSClient): Pick<Sqs, "sendMessageBatch"> {
  return { sendMessageBatch: (input) => client.send(new SendMessageBatchCommand(input)) };
}
