import { createDeliverer } from "../../lib/delivery/deliverBatch.ts";
import type { DeliveryMessage } from "../../lib/delivery/deliveryMessage.ts";
import { enqueueDeliveries } from "../../lib/delivery/deliveryQueue.ts";
import { loadDestinations } from "../../lib/destinations/config.ts";
import type { CanonicalEvent } from "../../lib/event/canonical.ts";
import { startPoller } from "../../scripts/local/sqsPoller.ts";
import { createFifoQueue, drain, type Emulator } from "./emulator.ts";

/**
 * The deliver stage for real on the embedded SQS: a deliveries FIFO queue and a dead-letter queue,
 * the deliver handler fed from the queue the way Lambda feeds it (the local runtime's poller).
 */
export async function startDeliveryPipeline(
  { client, sqs }: Emulator,
  name: string,
  destinationsConfig: unknown,
  concurrency = 10,
) {
  const queueUrl = await createFifoQueue(client, `${name}-deliveries`);
  const deadLetterQueueUrl = await createFifoQueue(client, `${name}-dlq`);
  const destinations = loadDestinations(JSON.stringify(destinationsConfig));
  const handler = createDeliverer({ destinations, client: sqs, queueUrl, deadLetterQueueUrl, concurrency });
  const poller = startPoller({
    client,
    queue: { name, url: queueUrl, arn: `arn:aws:sqs:us-east-1:000000000000:${name}-deliveries.fifo` },
    functionName: "deliver",
    handler,
    batchSize: 10,
    timeoutSeconds: 30,
    retryDelaySeconds: undefined,
  });
  return {
    queueUrl,
    deadLetterQueueUrl,
    /** Queues one delivery of each event to each named destination, as the fan-out does. */
    async enqueue(events: readonly CanonicalEvent[], to: readonly string[]) {
      const queuedAt = new Date().toISOString();
      const messages: DeliveryMessage[] = events.flatMap((event) =>
        to.map((destination) => ({ destination, queuedAt, event })),
      );
      await enqueueDeliveries(sqs, queueUrl, messages);
    },
    deadLettered: async () => (await drain(client, deadLetterQueueUrl)).map((m) => JSON.parse(m.Body ?? "")),
    stop: () => poller.stop(),
  };
}
