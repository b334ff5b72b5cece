import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPoller } from "../../../scripts/local/sqsPoller.ts";
import { createFifoQueue, type Emulator, startEmulator } from "../../helpers/emulator.ts";
import { waitFor } from "../../helpers/waitFor.ts";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

/** The messages on a queue, visible or in flight (the emulator counts them at once). */
async function onQueue(queueUrl: string): Promise<number> {
  const { Attributes = {} } = await emulator.client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)
  );
}

describe("the local SQS poller", () => {
  it("keeps a batch hidden for as long as its handler runs, past the hold: handled once, then deleted", async () => {
    const queueUrl = await createFifoQueue(emulator.client, "slow-handler");
    await emulator.client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: "one",
        MessageGroupId: "g",
        MessageDeduplicationId: "one",
      }),
    );
    const handled: string[] = [];
    const poller = startPoller({
      client: emulator.client,
      queue: {
        name: "slow-handler",
        url: queueUrl,
        arn: "arn:aws:sqs:us-east-1:000000000000:slow-handler.fifo",
      },
      functionName: "slow",
      handler: async (event) => {
        handled.push(...event.Records.map((record) => record.body));
        // Several holds long: without the renewal the batch is visible again before this returns.
        await new Promise((done) => setTimeout(done, 3_000));
        return { batchItemFailures: [] };
      },
      batchSize: 10,
      timeoutSeconds: 60,
      retryDelaySeconds: 1,
      holdSeconds: 1,
    });
    try {
      await waitFor(async () => (handled.length > 0 ? true : undefined));
      // Another consumer of the queue (Lambda runs several pollers on one queue) two holds later:
      // the batch is still being handled, so it is not handed out again.
      await new Promise((done) => setTimeout(done, 2_000));
      const { Messages = [] } = await emulator.client.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0, VisibilityTimeout: 0 }),
      );
      expect(Messages.map((message) => message.Body)).toEqual([]);
      await waitFor(async () => ((await onQueue(queueUrl)) === 0 ? true : undefined), 15_000);
      // The observation window: a batch that came back would be received within a poll or two.
      await new Promise((done) => setTimeout(done, 1_500));
    } finally {
      await poller.stop();
    }
    expect(handled).toEqual(["one"]);
  });
});
