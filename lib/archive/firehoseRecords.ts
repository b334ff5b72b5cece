import type { RawRequest } from "../http/rawRequest.ts";

/**
 * Amazon Data Firehose's limits (https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html):
 * "Each PutRecordBatch request supports up to 500 records. Each record in the request can be as large
 * as 1,000 KB (before base64 encoding), up to a limit of 4 MB for the entire request". A record's
 * data is at most 1,024,000 bytes (https://docs.aws.amazon.com/firehose/latest/APIReference/API_Record.html);
 * the 4 MB per call is taken at its smaller reading, base64 included, with room for the JSON around it.
 */
export const FIREHOSE_LIMITS = {
  recordBytes: 1000 * 1024,
  recordsPerCall: 500,
  /** Bytes of data per call: 4 MiB of request, of which the base64 (4/3) and the JSON around it. */
  callDataBytes: Math.floor((4 * 1024 * 1024 * 3) / 4) - 64 * 1024,
} as const;

/**
 * The raw requests as Firehose records: JSON lines (each ending in "\n"), packed in order into as few
 * records as `recordBytes` allows. Ingest caps bodies at 512 KiB (lib/providers/*), so one request's
 * line (its body in base64, 4/3 of it) fits in one record.
 */
export function firehoseRecords(
  raws: readonly RawRequest[],
  recordBytes: number = FIREHOSE_LIMITS.recordBytes,
): Buffer[] {
  const records: Buffer[] = [];
  let lines: Buffer[] = [];
  let size = 0;
  for (const raw of raws) {
    const line = Buffer.from(`${JSON.stringify(raw)}\n`, "utf8");
    if (line.length > recordBytes) {
      throw new RangeError(
        `the raw request of ${raw.eventId} is ${line.length} bytes, over a record's limit`,
      );
    }
    if (size + line.length > recordBytes) {
      records.push(Buffer.concat(lines));
      lines = [];
      size = 0;
    }
    lines.push(line);
    size += line.length;
  }
  if (lines.length > 0) records.push(Buffer.concat(lines));
  return records;
}

/** The records grouped into PutRecordBatch calls within the per-call record count and size. */
export function putRecordBatches(
  records: readonly Buffer[],
  limits: { recordsPerCall: number; callDataBytes: number } = FIREHOSE_LIMITS,
): Buffer[][] {
  const calls: Buffer[][] = [];
  let call: Buffer[] = [];
  let size = 0;
  for (const record of records) {
    if (
      call.length === limits.recordsPerCall ||
      (call.length > 0 && size + record.length > limits.callDataBytes)
    ) {
      calls.push(call);
      call = [];
      size = 0;
    }
    call.push(record);
    size += record.length;
  }
  if (call.length > 0) calls.push(call);
  return calls;
}
