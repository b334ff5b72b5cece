import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { BatchArchive } from "../archive/batchArchive.ts";
import { routeEvent } from "../delivery/route.ts";
import type { Destination } from "../destinations/registry.ts";
import { eventOfRecord } from "./parseRecord.ts";

export interface FanoutOptions {
  destinations: readonly Destination[];
  client: SQSClient;
  deliveriesQueueUrl: string;
  archive: BatchArchive;
}

/**
 * Processes one batch of events.fifo: archives the raw requests that travel with it, then turns
 * each event into one delivery per destination whose filter it matches, on the deliveries queue.
 * Partial failures: a record that could not be routed is reported in `batchItemFailures`, and so is
 * every later record of its message group, so no event of an order overtakes an earlier one
 * (Powertools `skipGroupOnError`); other groups go on.
 */
export function createFanout(options: FanoutOptions) {
  const recordHandler = async (record: SQSRecord) => routeEvent(eventOfRecord(record), options);
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    // Archive first: if it fails the whole batch comes back, so no accepted request goes unarchived.
    await options.archive(event.Records);
    return processPartialResponse(event, recordHandler, new SqsFifoPartialProcessorAsync(), {
      skipGroupOnError: true,
    });
  };
}
