import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { localClientConfig } from "../../scripts/local/clientConfig.ts";
import { emulatorUrlOf } from "../helpers/cli.ts";
import { eventually, startRuntime } from "../helpers/localRuntime.ts";
import { startRefusingProxy } from "../helpers/refusingProxy.ts";
import {
  portinNotification,
  sendBandwidthV1,
  startCountingDestination,
  tally,
  waitForAll,
} from "./harness.ts";
import { faultResults, SCENARIO_TIMEOUT_MS, stopAll } from "./scenario.ts";

const results = faultResults("direct destination");

const ORDERS = 40;
const STATUSES = ["PENDING_DOCUMENTS", "SUBMITTED", "FOC", "REQUESTED_SUPP", "COMPLETE"];
/** The queue the fan-out sends to directly; it refuses for a while. */
const QUEUE = "fault-direct-destination.fifo";

describe("fault injection: a direct SQS destination", () => {
  it(
    "the destination queue answers 503 while 40 port-ins go through their first 3 of 5 statuses: none lost, each order in sequence, the HTTP destination unaffected",
    async () => {
      const http = await startCountingDestination();
      const proxy = await startRefusingProxy(QUEUE);
      const runtime = await startRuntime({
        AWS_ENDPOINT_URL_SQS: proxy.url,
        DESTINATIONS: JSON.stringify({
          destinations: [
            {
              name: "queue",
              type: "sqs",
              queueUrl: `http://127.0.0.1:4566/000000000000/${QUEUE}`,
              // Spilled deliveries are retried within a second or two, so the scenario waits for no backoff.
              retry: { initialDelay: 1, maxDelay: 2 },
            },
            { name: "counting", type: "http", url: http.url, timeoutMs: 2000 },
          ],
        }),
        LOCAL_RETRY_SECONDS: "1",
        DIRECT_SPILL_HOLD_SECONDS: "2",
      });
      const emulator = emulatorUrlOf(runtime.output());
      proxy.setTarget(emulator);
      const sqs = new SQSClient({ ...localClientConfig(emulator), useQueueUrlAsEndpoint: false });
      try {
        const { QueueUrl } = await sqs.send(
          new CreateQueueCommand({ QueueName: QUEUE, Attributes: { FifoQueue: "true" } }),
        );
        // The queue answers 503 (SQS unavailable: retryable) until the window closes.
        proxy.refuse(true);
        /** Each order's notifications one after the other, as Bandwidth sends an order's changes; orders side by side. */
        const acknowledged = new Map<string, string[]>();
        const send = (statuses: readonly string[], offset: number) =>
          Promise.all(
            Array.from({ length: ORDERS }, async (_, order) => {
              const orderId = `direct-fault-${order}`;
              for (const [index, status] of statuses.entries()) {
                const lastModifiedDate = new Date(
                  Date.UTC(2026, 0, 1, 0, offset + index, order),
                ).toISOString();
                const answer = await sendBandwidthV1(
                  runtime,
                  portinNotification({ orderId, status, lastModifiedDate }),
                );
                expect(answer).toBe(200);
                acknowledged.set(orderId, [...(acknowledged.get(orderId) ?? []), status]);
              }
            }),
          );
        await send(STATUSES.slice(0, 3), 0);
        const log = () => readFileSync(join(runtime.dataDir, "log.jsonl"), "utf8");
        // The window closes only once the fan-out has met the missing queue and spilled.
        await eventually(() => log().includes('"direct delivery failed') || undefined, 120_000);
        // The queue is back: what spilled is delivered from the deliveries queue, then the fan-out
        // sends straight to it again once the spill hold has passed.
        proxy.refuse(false);
        const arrived: { id: string; orderId: string; status: string }[] = [];
        /** Reads (and deletes) what reaches the queue until `count` events in all have arrived. */
        const receiveUntil = async (count: number) => {
          const deadline = Date.now() + 120_000;
          while (arrived.length < count && Date.now() < deadline) {
            const { Messages = [] } = await sqs.send(
              new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
            );
            for (const message of Messages) {
              const event = JSON.parse(message.Body ?? "{}") as {
                id: string;
                data: { orderId: string; providerStatus: string };
              };
              arrived.push({ id: event.id, orderId: event.data.orderId, status: event.data.providerStatus });
            }
            if (Messages.length > 0) {
              await sqs.send(
                new DeleteMessageBatchCommand({
                  QueueUrl,
                  Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
                }),
              );
            }
          }
        };
        // The 4th status while the spilled deliveries drain: it queues behind them.
        await send(STATUSES.slice(3, 4), 3);
        await receiveUntil(ORDERS * 4);
        // Once the deliveries queue has nothing more for it and the 2 s hold has passed, the fan-out
        // sends to the queue directly again: the 5th status goes that way.
        await new Promise((resolve) => setTimeout(resolve, 3000));
        await send(STATUSES.slice(4), 4);
        await receiveUntil(ORDERS * STATUSES.length);
        const ids = [...new Set(arrived.map((event) => event.id))];
        const counts = new Map<string, number>();
        for (const { id } of arrived) counts.set(id, (counts.get(id) ?? 0) + 1);
        const sent = ORDERS * STATUSES.length;
        await waitForAll(ids, http.counts);
        const viaQueue = tally("SQS destination unavailable for a window (the queue)", sent, ids, counts);
        const viaHttp = tally(
          "SQS destination unavailable for a window (an HTTP destination beside it)",
          sent,
          ids,
          http.counts,
        );
        results.push(viaQueue, viaHttp);
        expect(ids).toHaveLength(sent);
        expect(viaQueue.lost + viaHttp.lost).toBe(0);
        expect(viaHttp.duplicated).toBe(0);
        // The path this scenario is about was taken: sends refused, spilled, then direct sends again.
        const lines = log()
          .split("\n")
          .filter((line) => line.startsWith("{"))
          .map((line) => JSON.parse(line) as { message: string; destination?: string; direct?: boolean });
        const spilled = lines.findIndex((line) => line.message.startsWith("direct delivery failed"));
        expect(spilled).toBeGreaterThanOrEqual(0);
        expect(lines.slice(spilled).some((line) => line.message === "delivered" && line.direct)).toBe(true);
        // Every order's statuses reached the queue in the order they were sent.
        for (const [orderId, statuses] of acknowledged) {
          const order = arrived.filter((event) => event.orderId === orderId).map((event) => event.status);
          expect([...new Set(order)], orderId).toEqual(statuses);
        }
      } finally {
        sqs.destroy();
        await stopAll(runtime, proxy, http);
      }
    },
    SCENARIO_TIMEOUT_MS,
  );
});
