import { describe, expect, it } from "vitest";
import { createSqsClient } from "../../../lib/aws/sqsClient.ts";

describe("createSqsClient", () => {
  it("gives the operator commands' publisher one attempt per send: the publisher owns the retry loop", async () => {
    expect(await createSqsClient().config.maxAttempts()).toBe(1);
  });

  it("keeps the SDK's standard retries for the functions' own queues", async () => {
    expect(await createSqsClient("ownQueues").config.maxAttempts()).toBe(3);
  });

  it("sends our own queues' requests to the configured endpoint, not the queue URL's host", () => {
    expect(createSqsClient().config.useQueueUrlAsEndpoint).toBe(false);
    expect(createSqsClient("ownQueues").config.useQueueUrlAsEndpoint).toBe(false);
  });
});
