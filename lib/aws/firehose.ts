import type { PutRecordBatchOutput } from "@aws-sdk/client-firehose";
import { retriedJsonRequest } from "./signedJsonRequest.ts";

/** Amazon Data Firehose as the raw archive uses it: PutRecordBatch only. */
export interface Firehose {
  /** One PutRecordBatch call; the answer's `RequestResponses` has one entry per record, in order. */
  putRecordBatch(stream: string, records: readonly Uint8Array[]): Promise<PutRecordBatchOutput>;
}

/**
 * Firehose over signed AWS JSON 1.1 requests (`X-Amz-Target: Firehose_20150804.PutRecordBatch`,
 * https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html) rather than
 * @aws-sdk/client-firehose, the fan-out's only use of it. A record's `Data` is a blob, which the JSON
 * protocols send in base64 (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html, "blob";
 * the SDK's schema types it 21, a blob). A throttled, 5xx or unanswered call is tried three times with
 * backoff as the SDK does; records a call rejected one by one are retried by the archive
 * (lib/archive/firehoseArchive.ts). Locally `AWS_ENDPOINT_URL_FIREHOSE` points at the stand-in,
 * scripts/standin/firehose.
 */
export function firehose(env: NodeJS.ProcessEnv = process.env): Firehose {
  return {
    putRecordBatch: (stream, records) =>
      retriedJsonRequest<PutRecordBatchOutput>(
        { service: "firehose", target: "Firehose_20150804.PutRecordBatch", jsonVersion: "1.1" },
        {
          DeliveryStreamName: stream,
          Records: records.map((data) => ({ Data: Buffer.from(data).toString("base64") })),
        },
        env,
      ),
  };
}
