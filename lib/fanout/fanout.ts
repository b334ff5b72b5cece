import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { BatchArchive } from "../archive/batchArchive.ts";
import type { Destination } from "../destinations/registry.ts";
import { deliverEvent } from "./deliverEvent.ts";
import { eventOfRecord } from "./parseRecord.ts";

/**
 * Processes one SQS FIFO batch: archives the raw requests that travel with it, then delivers with
 * partial failures: a failed record is reported in `batchItemFailures`, and so is every later
 * record of the same message group, so no event of an order overtakes an earlier one that failed
 * (Powertools `skipGroupOnError`). Records of other groups are still processed.
 */
export function createFanout(destinations: readonly Destination[], archive: BatchArchive) {
  const recordHandler = async (record: SQSRecord) => deliverEvent(eventOfRecord(record), destinations);
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    // Archive first: if it fails the whole batch comes back, so no accepted request goes unarchived.
    await archive(event.Records);
    return processPartialResponse(event, recordHandler, new SqsFifoPartialProcessorAsync(), {
      skipGroupOnError: true,
    });
  };
}
