import { gzipSync } from "node:zlib";
import { deliveryMetricLine } from "../delivery/metrics.ts";
import type { CanonicalEvent } from "../event/canonical.ts";
import { receivedLogKeys } from "../event/logKeys.ts";
import { packRawRequest, rawRequestOf } from "../http/rawRequest.ts";
import { DYNAMODB_REQUEST_MS, lambdaMillis, S3_REQUEST_MS, SQS_REQUEST_MS } from "./latency.ts";
import type { CostInputs, LogBytes } from "./model.ts";
import type { ProviderPath } from "./paths.ts";

/** Memory of the ingest, fan-out and deliver functions (serverless.yml `provider.memorySize`). */
const MEMORY_MB = 256;
/** Events per fan-out batch (serverless.yml, the fan-out's `batchSize`). */
const BATCH_SIZE = 10;

/**
 * The cost model's inputs for one provider path: Lambda durations from the CPU `npm run bench`
 * measured (`measured`, by BENCHMARKS.json row id) plus the AWS requests each function waits for
 * (lib/cost/latency.ts); sizes of a real message, archive line and log lines computed from real
 * requests (`sample`, and the `batch` archived together); the rest assumed.
 */
export function providerCostInputs(
  path: ProviderPath,
  measured: (id: string) => number,
  sample: Buffer,
  batch: readonly Buffer[],
): CostInputs {
  const event = path.normalize(sample, new Date().toISOString());
  const request = {
    method: "POST",
    path: "/",
    headers: { "content-type": path.contentType },
    rawBody: sample,
    receivedAt: event.data.receivedAt,
  };
  const raw = rawRequestOf(request, path.route, event.source, event.id);
  const archivedLines = batch.map((bytes) => {
    const normalized = path.normalize(bytes, event.data.receivedAt);
    return JSON.stringify(
      rawRequestOf({ ...request, rawBody: bytes }, path.route, normalized.source, normalized.id),
    );
  });
  // A line as lib/log.ts writes it: level, message, then the line's own keys (CloudWatch stamps the time).
  const logLine = ({ message, ...fields }: { message: string }) =>
    JSON.stringify({ level: "INFO", message, ...fields }).length + 1;
  // The fan-out figure is the CPU of the thread that runs it, the emulators on a thread of their own
  // (test/bench/sections/fanoutBatch.ts). The deliver figure is a wall time with the embedded emulator
  // in the same process, so it holds our CPU and the emulator's: an upper bound.
  return {
    // One SendMessage to the events queue.
    ingestMillis: lambdaMillis(measured(path.cpuRow) / 1000, MEMORY_MB, SQS_REQUEST_MS),
    // One PutRecordBatch (the raw archive; Firehose documents no latency, taken as an S3 request), one
    // read of the spill switch, the order state's conditional writes (a batch's orders side by side:
    // one latency) on a reconciled path, and one SendMessageBatch straight to the consumer queue.
    fanoutBatchMillis: lambdaMillis(
      measured("fanout.batchMillis"),
      MEMORY_MB,
      S3_REQUEST_MS + DYNAMODB_REQUEST_MS * (path.reconciled ? 2 : 1) + SQS_REQUEST_MS,
    ),
    // The batch's sends to the consumer queue, in parallel (DELIVERY_CONCURRENCY).
    deliverBatchMillis: lambdaMillis(measured("deliver.batchMillis"), MEMORY_MB, SQS_REQUEST_MS),
    destinationsPerEvent: 1,
    // The default destination, the consumer queue, is an SQS queue: sent to directly.
    direct: true,
    batchSize: BATCH_SIZE,
    memoryGb: MEMORY_MB / 1024,
    messageBytes: JSON.stringify(event).length + packRawRequest(raw).length,
    archive: archiveCostInputs(archivedLines, BATCH_SIZE, 1_000_000),
    logBytes: logBytesPerEvent(path, event, logLine),
    requestsPerEvent: path.httpRequestsPerEvent,
    retryRate: 0.01,
    reconcile: reconcileCostInputs(1_000_000, path.reconciled),
  };
}

/**
 * The raw archive of the real fixtures (`lines`, their JSON lines): a batch's record is `batchSize`
 * average lines; Firehose gzips many batches into one object, which the gzip of all the fixtures
 * together stands for. One object per 900 s buffering interval (serverless.yml
 * `archiveBufferSeconds`), 30 days a month, at `eventsPerMonth`; kept 3 months.
 */
function archiveCostInputs(lines: readonly string[], batchSize: number, eventsPerMonth: number) {
  const lineBytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0) / lines.length;
  return {
    recordBytes: Math.ceil(lineBytes * batchSize),
    storedBytes: Math.ceil(gzipSync(lines.map((line) => `${line}\n`).join("")).length / lines.length),
    objectsPerMonth: (30 * 86_400) / 900,
    eventsPerMonth,
    retentionMonths: 3,
  };
}

/**
 * The reconciler at `eventsPerMonth` Bandwidth order changes: the lists filter by whole days, so a
 * run reads the pages of the orders modified today (half a day's changes on average, 300 per page)
 * of each of the 4 order types. A page takes an assumed 300 ms answer (requests start at most every
 * 250 ms, lib/reconcile/reconcile.ts `pacer`, so the answer is the longer) plus one BatchGetItem of
 * the page's orders in the window.
 */
function reconcileCostInputs(eventsPerMonth: number, polled: boolean) {
  const orderTypes = 4;
  const listedPerRun = eventsPerMonth / 30 / 2;
  return {
    // The fan-out's one conditional write per change (only Bandwidth's changes are tracked by default:
    // ORDER_STATE_PROVIDERS), and the reconciler's eventually consistent read (half a read unit) of
    // each order changed in its window.
    readsPerEvent: polled ? 0.5 : 0,
    writesPerEvent: polled ? 1 : 0,
    // Telnyx is not reconciled (docs/how-it-works.md "Reconciliation"): its path polls nothing.
    runsPerMonth: polled ? 30 * 24 * 4 : 0,
    orderTypes,
    pagesPerRun: orderTypes + Math.ceil(listedPerRun / 300),
    pageMillis: Math.max(300, 250) + DYNAMODB_REQUEST_MS,
    eventsPerMonth,
  };
}

/**
 * Bytes of CloudWatch Logs per event at INFO, every line the path writes with its trace keys: the
 * ingest's `event queued` line; per batch of {@link BATCH_SIZE}, the fan-out's `archived` and direct
 * `delivered` lines (event ids listed) and the delivery metric's EMF line; and the HTTP API's access
 * log line for each request (serverless.yml `provider.logs.httpApi`). Bandwidth v1's credential-less
 * probe is logged at DEBUG, and Lambda's START/END/REPORT lines are off (`systemLogLevel: WARN`).
 */
function logBytesPerEvent(
  path: ProviderPath,
  event: CanonicalEvent,
  logLine: (fields: { message: string }) => number,
): LogBytes {
  const ids = Array.from({ length: BATCH_SIZE }, () => event.id).join(" ");
  const functionsPerBatch =
    logLine({
      message: "archived",
      stream: "number-events-gateway-prod-raw-archive",
      // Firehose record ids are 56 digits.
      recordIds: "4".repeat(56),
      eventIds: ids,
    } as { message: string }) +
    logLine({ message: "delivered", destination: "consumer", direct: true, eventIds: ids, ms: 25 } as {
      message: string;
    });
  const metricsPerBatch = deliveryMetricLine("consumer", "delivered", 25, BATCH_SIZE).length + 1;
  const accessLine =
    JSON.stringify({
      requestId: "AbCdEfGhIjKlMnO=",
      ip: "203.0.113.10",
      routeKey: `POST /${path.route.replace(/-/g, "/")}`,
      status: "200",
      responseLatency: "25",
      integrationStatus: "200",
      integrationLatency: "24",
      integrationError: "-",
      error: "-",
    }).length + 1;
  return {
    functions:
      logLine({ message: "event queued", ...receivedLogKeys(event), answer: 200 } as { message: string }) +
      Math.ceil(functionsPerBatch / BATCH_SIZE),
    metrics: Math.ceil(metricsPerBatch / BATCH_SIZE),
    access: path.httpRequestsPerEvent * accessLine,
  };
}
