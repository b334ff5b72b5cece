import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { Destination } from "../destinations/registry.ts";
import { deliverEvent } from "./deliverEvent.ts";
import { eventOfRecord } from "./parseRecord.ts";

/**
 * Processes one SQS FIFO batch with partial failures: a failed record is reported in
 * `batchItemFailures`, and so is every later record of the same message group, so no event of an
 * order overtakes an earlier one that failed (Powertools `skipGroupOnError`). Records of other
 * groups are still processed.
 */
export function createFanout(destinations: readonly Destination[]) {
  const recordHandler = async (record: SQSRecord) => deliverEvent(eventOfRecord(record), destinations);
  return (event: SQSEvent): Promise<SQSBatchResponse> =>
    processPartialResponse(event, recordHandler, new SqsFifoPartialProcessorAsync(), {
      skipGroupOnError: true,
    });
}
