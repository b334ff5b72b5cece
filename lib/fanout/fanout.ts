import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { routeEvent } from "../delivery/route.ts";
import type { Destination } from "../destinations/registry.ts";
import { eventOfRecord } from "./parseRecord.ts";

export interface FanoutOptions {
  destinations: readonly Destination[];
  client: SQSClient;
  deliveriesQueueUrl: string;
}

/**
 * Processes one batch of events.fifo: each event becomes one delivery per destination whose filter
 * it matches, on the deliveries queue. Partial failures: a record that could not be routed is
 * reported in `batchItemFailures`, and so is every later record of its message group, so no event of
 * an order overtakes an earlier one (Powertools `skipGroupOnError`); other groups go on.
 */
export function createFanout(options: FanoutOptions) {
  const recordHandler = async (record: SQSRecord) => routeEvent(eventOfRecord(record), options);
  return (event: SQSEvent): Promise<SQSBatchResponse> =>
    processPartialResponse(event, recordHandler, new SqsFifoPartialProcessorAsync(), {
      skipGroupOnError: true,
    });
}
