import type { SQSRecord } from "aws-lambda";
import type { Firehose } from "../aws/firehose.ts";
import { retryRejected } from "../aws/retry.ts";
import { type RawRequest, unpackRawRequest } from "../http/rawRequest.ts";
import { ArchiveError } from "./errors.ts";
import { firehoseRecords, putRecordBatches } from "./firehoseRecords.ts";

/** What one batch's archiving did: the stream, the record ids Firehose gave, the events archived. */
export interface ArchivedBatch {
  stream: string;
  recordIds: string[];
  eventIds: string[];
}

export interface FirehoseArchiveOptions {
  /** Calls for the records a call rejected before the batch fails (3: the first and two retries). */
  attempts?: number;
  /** Wait before retrying rejected records, doubled each time (100 ms). */
  backoffMs?: number;
}

/**
 * Archives the raw requests that travel with a fan-out batch through an Amazon Data Firehose
 * delivery stream: the batch's requests as JSON lines, each ending in "\n" so the objects Firehose
 * concatenates from many batches stay JSON lines, in as few records as the limits allow (one for a
 * batch of 10). Firehose buffers them and writes gzipped objects under
 * `raw/date=<yyyy-MM-dd>/hour=<HH>/` (serverless.yml, ArchiveDeliveryStream); it is billed per record
 * rounded up to 5 KB, so one record per batch costs a tenth of one per event.
 *
 * A call may take some records and reject others (`FailedPutCount` > 0,
 * https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html): the rejected
 * ones are sent again, and after `attempts` calls the batch fails with an {@link ArchiveError} so SQS
 * brings it back. The records already taken stay: the archive may hold a request twice, and its
 * readers keep one per event id (lib/archive/archiveReader.ts).
 */
export function createFirehoseArchive(
  firehose: Firehose,
  stream: string,
  options: FirehoseArchiveOptions = {},
) {
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 100;
  return async function archiveBatch(records: readonly SQSRecord[]): Promise<ArchivedBatch | undefined> {
    const raws = records.flatMap(rawOf);
    if (raws.length === 0) return undefined;
    const recordIds: string[] = [];
    for (const batch of putRecordBatches(firehoseRecords(raws))) {
      const rejected = await retryRejected(
        batch,
        async (sending) => {
          const answer = await firehose.putRecordBatch(stream, sending);
          // The answer lists one entry per record, in order: a RecordId, or an ErrorCode.
          const responses = answer.RequestResponses ?? [];
          recordIds.push(...responses.flatMap((entry) => (entry.RecordId ? [entry.RecordId] : [])));
          return new Map(
            sending.flatMap((_, index) =>
              responses[index]?.RecordId ? [] : [[index, { retryable: true }] as const],
            ),
          );
        },
        { attempts, firstMs: backoffMs },
      );
      if (rejected.size > 0) {
        throw new ArchiveError(`Firehose rejected ${rejected.size} record(s) ${attempts} times`, stream);
      }
    }
    return { stream, recordIds, eventIds: raws.map((raw) => raw.eventId) };
  };
}

export type FirehoseArchive = ReturnType<typeof createFirehoseArchive>;

/** The raw request a queue record carries (ingest attaches it as the `raw` attribute), if any. */
function rawOf(record: SQSRecord): RawRequest[] {
  const packed = record.messageAttributes.raw?.binaryValue;
  return packed ? [unpackRawRequest(Buffer.from(packed, "base64"))] : [];
}
