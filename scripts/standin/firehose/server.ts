import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { FIREHOSE_LIMITS } from "../../../lib/archive/firehoseRecords.ts";
import { listen } from "../../local/listen.ts";
import { evaluatePrefix, formatTimestamp } from "./prefix.ts";

/** A DirectPut delivery stream to S3 with GZIP compression, as the template declares it. */
export interface StreamSpec {
  name: string;
  bucket: string;
  /** The S3 prefix, with `!{timestamp:…}` expressions. */
  prefix: string;
  /** Buffering hints: an object is written when either is reached. */
  intervalSeconds: number;
  sizeBytes: number;
}

export interface FirehoseStandIn {
  /** The endpoint for `AWS_ENDPOINT_URL_FIREHOSE`. */
  url: string;
  /** Rejects the next `count` records sent (ServiceUnavailableException), as a throttled stream does. */
  rejectNext(count: number): void;
  /** Writes every buffered record now. */
  flush(): Promise<void>;
  /** Writes what is buffered, then stops. */
  close(): Promise<void>;
}

interface Buffered {
  records: Buffer[];
  bytes: number;
  /** Arrival of the oldest buffered record: it names the object, as in Firehose. */
  oldest: Date;
}

/** The version in object names: "begins with 1 and increases by 1 for every configuration change". */
const STREAM_VERSION = 1;

/**
 * A local stand-in of Amazon Data Firehose for DirectPut streams to S3, which the embedded emulator
 * does not have. It speaks what the SDK sends (AWS JSON 1.1: `POST /`, `X-Amz-Target:
 * Firehose_20150804.<operation>`, https://docs.aws.amazon.com/firehose/latest/APIReference/) for
 * PutRecordBatch and PutRecord, buffers each stream's records, and writes them concatenated and
 * gzipped to its bucket as `<evaluated prefix><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>.gz`
 * (https://docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html) after the stream's buffering
 * interval — capped by `flushMs`, so local tests and the console see archived requests in about a
 * second — or once its buffer size is reached, and on close.
 */
export async function startFirehoseStandIn(options: {
  streams: readonly StreamSpec[];
  /** A client of the S3 the buckets are on (the embedded emulator). */
  s3: S3Client;
  /** Locally an object is written at most this long after its first record (1,000 ms). */
  flushMs?: number;
  port?: number;
  host?: string;
}): Promise<FirehoseStandIn> {
  const streams = new Map(options.streams.map((stream) => [stream.name, stream]));
  const buffers = new Map<string, Buffered>();
  const timers = new Map<string, NodeJS.Timeout>();
  let rejecting = 0;
  const writes = new Set<Promise<void>>();

  const write = (stream: StreamSpec) => {
    clearTimeout(timers.get(stream.name));
    timers.delete(stream.name);
    const buffered = buffers.get(stream.name);
    buffers.delete(stream.name);
    if (!buffered) return Promise.resolve();
    const key = `${evaluatePrefix(stream.prefix, buffered.oldest)}${stream.name}-${STREAM_VERSION}-${formatTimestamp("yyyy-MM-dd-HH-mm-ss", buffered.oldest)}-${randomUUID()}.gz`;
    const done = options.s3
      .send(
        new PutObjectCommand({
          Bucket: stream.bucket,
          Key: key,
          Body: gzipSync(Buffer.concat(buffered.records)),
        }),
      )
      .then(
        () => undefined,
        (error: unknown) => console.error(`Firehose stand-in: could not write ${key}:`, error),
      )
      .finally(() => writes.delete(done));
    writes.add(done);
    return done;
  };

  const take = (stream: StreamSpec, data: Buffer) => {
    const buffered = buffers.get(stream.name) ?? { records: [], bytes: 0, oldest: new Date() };
    buffered.records.push(data);
    buffered.bytes += data.length;
    buffers.set(stream.name, buffered);
    if (buffered.bytes >= stream.sizeBytes) void write(stream);
    else if (!timers.has(stream.name)) {
      const wait = Math.min(stream.intervalSeconds * 1000, options.flushMs ?? 1000);
      timers.set(
        stream.name,
        setTimeout(() => void write(stream), wait),
      );
    }
  };

  /** One record: taken (its id) or rejected (an error code), as PutRecordBatch reports each. */
  const put = (stream: StreamSpec, data: Buffer) => {
    if (rejecting > 0) {
      rejecting--;
      return { ErrorCode: "ServiceUnavailableException", ErrorMessage: "Slow down." };
    }
    take(stream, data);
    return { RecordId: randomBytes(28).toString("hex") };
  };

  const server = createServer(async (req, res) => {
    try {
      const operation = /^Firehose_20150804\.(\w+)$/.exec(String(req.headers["x-amz-target"] ?? ""))?.[1];
      const body = JSON.parse((await bodyOf(req)) || "{}") as {
        DeliveryStreamName?: string;
        Records?: { Data?: string }[];
        Record?: { Data?: string };
      };
      const stream = streams.get(body.DeliveryStreamName ?? "");
      if (operation !== "PutRecordBatch" && operation !== "PutRecord") {
        return fail(res, "UnknownOperationException", `the stand-in does not serve ${operation ?? "this"}`);
      }
      if (!stream) {
        return fail(res, "ResourceNotFoundException", `Firehose ${body.DeliveryStreamName} not found.`);
      }
      const records = (operation === "PutRecord" ? [body.Record] : (body.Records ?? [])).map((record) =>
        Buffer.from(record?.Data ?? "", "base64"),
      );
      const invalid = invalidRequest(records);
      if (invalid) return fail(res, "InvalidArgumentException", invalid);
      if (operation === "PutRecord") {
        const answer = put(stream, records[0] as Buffer);
        if (!answer.RecordId) return fail(res, "ServiceUnavailableException", answer.ErrorMessage ?? "");
        return json(res, 200, { RecordId: answer.RecordId, Encrypted: false });
      }
      const responses = records.map((data) => put(stream, data));
      return json(res, 200, {
        FailedPutCount: responses.filter((entry) => entry.ErrorCode).length,
        Encrypted: false,
        RequestResponses: responses,
      });
    } catch (error) {
      return fail(res, "InvalidArgumentException", (error as Error).message);
    }
  });
  const host = options.host ?? "127.0.0.1";
  await listen(server, options.port ?? 0, host, "FIREHOSE_PORT");
  const { port } = server.address() as AddressInfo;

  const flush = async () => {
    await Promise.all([...streams.values()].map(write));
    await Promise.all(writes);
  };
  return {
    url: `http://${host}:${port}`,
    rejectNext(count) {
      rejecting = count;
    },
    flush,
    async close() {
      await new Promise((done) => server.close(done));
      await flush();
    },
  };
}

/** The API's limits on a call (lib/archive/firehoseRecords.ts cites them); undefined when within. */
function invalidRequest(records: readonly Buffer[]): string | undefined {
  if (records.length === 0 || records.length > FIREHOSE_LIMITS.recordsPerCall) {
    return `Records has ${records.length} records: 1 to ${FIREHOSE_LIMITS.recordsPerCall}`;
  }
  // Record.Data: "Minimum length of 0. Maximum length of 1024000."
  // https://docs.aws.amazon.com/firehose/latest/APIReference/API_Record.html
  const large = records.find((data) => data.length > FIREHOSE_LIMITS.recordBytes);
  if (large) return `a record's Data is ${large.length} bytes, over ${FIREHOSE_LIMITS.recordBytes}`;
  return undefined;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function json(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(body));
}

/** An AWS JSON 1.1 error: the SDK reads its type from `__type`. */
function fail(res: ServerResponse, type: string, message: string): void {
  const status = type === "ServiceUnavailableException" ? 503 : 400;
  res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": type });
  res.end(JSON.stringify({ __type: type, message }));
}
