import { billedMillis } from "./latency.ts";
import { PRICES } from "./prices.ts";

/** What the model needs, each measured by `npm run bench` or derived from the deployed template. */
export interface CostInputs {
  /** Ingest Lambda duration of the request that carries the event, ms (lib/cost/latency.ts). */
  ingestMillis: number;
  /** Fan-out Lambda duration per full batch, ms. */
  fanoutBatchMillis: number;
  /** Deliver Lambda duration per full batch of deliveries, ms. */
  deliverBatchMillis: number;
  /** Deliveries per event: the destinations whose filters match (the default config: 1, the consumer queue). */
  destinationsPerEvent: number;
  /**
   * Whether those destinations are sent to by the fan-out itself (SQS queues: lib/fanout/deliverDirect.ts),
   * one SendMessageBatch per batch and a read of their spill switch, rather than through the
   * deliveries queue and the deliver function.
   */
  direct: boolean;
  batchSize: number;
  memoryGb: number;
  /** Bytes of one queued message (event + raw request attribute). */
  messageBytes: number;
  /** The raw archive; see {@link ArchiveCostInputs}. */
  archive: ArchiveCostInputs;
  /** Bytes of CloudWatch Logs per event at INFO level; see {@link LogBytes}. */
  logBytes: LogBytes;
  /** HTTP requests per event: 2 for Bandwidth v1 (the 401 challenge, then the credentialed call). */
  requestsPerEvent: number;
  /** Share of fan-out batches that fail once and come back. */
  retryRate: number;
  /** Reconciliation (docs/how-it-works.md "Reconciliation"); see {@link ReconcileCostInputs}. */
  reconcile: ReconcileCostInputs;
}

/**
 * What the raw archive costs (lib/archive/firehoseArchive.ts): one Firehose record per fan-out batch,
 * billed rounded up to 5 KB; the gzipped objects Firehose writes, stored for the retention; and their
 * PUTs, one per buffering interval with traffic, spread over the month's events.
 */
export interface ArchiveCostInputs {
  /** Bytes of one batch's record: its raw requests as JSON lines. */
  recordBytes: number;
  /** Bytes one raw request takes in the gzipped objects. */
  storedBytes: number;
  /** Objects the stream writes a month: 30 days of 900 s buffering intervals (serverless.yml) = 2,880. */
  objectsPerMonth: number;
  eventsPerMonth: number;
  retentionMonths: number;
}

/** Bytes of CloudWatch Logs per event, by who writes them. */
export interface LogBytes {
  /** The functions' own lines (lib/log.ts): the ingest's per event, the fan-out's per batch. */
  functions: number;
  /** The delivery metric's EMF lines, per batch (lib/delivery/metrics.ts). */
  metrics: number;
  /** The HTTP API's access log line of each request (serverless.yml `provider.logs.httpApi`). */
  access: number;
}

/** All the log bytes of an event. */
export const totalLogBytes = (bytes: LogBytes) => bytes.functions + bytes.metrics + bytes.access;

/** What the order state table and the reconciler's polling cost. */
export interface ReconcileCostInputs {
  /**
   * Order state table requests per event: the fan-out writes each tracked change in one conditional
   * write (1 WRU: items under 1 KB) and reads nothing; the reconciler reads the item of each order
   * changed in its window (eventually consistent: half a read request unit).
   */
  readsPerEvent: number;
  writesPerEvent: number;
  /** Scheduled runs a month (every 15 minutes: 2,880). */
  runsPerMonth: number;
  /** Order types asked per run: one checkpoint read and write each. */
  orderTypes: number;
  /** List pages one run reads, and the time each takes (the API's answer, or the pacing interval if longer, and the page's batch read). */
  pagesPerRun: number;
  pageMillis: number;
  /** The monthly volume the fixed polling cost is spread over. */
  eventsPerMonth: number;
}

export interface CostLine {
  item: string;
  perMillion: number;
  how: string;
}

const GB = 1024 ** 3;

/** Dollars per million events, line by line. */
export function costPerMillion(inputs: CostInputs): CostLine[] {
  const million = 1e6;
  const batches = (million / inputs.batchSize) * (1 + inputs.retryRate);
  const sqsChunks = Math.ceil(inputs.messageBytes / 65_536);
  const billedMs = billedMillis;
  // Bandwidth v1's credential-less first request: answered before any I/O, billed the 1 ms minimum.
  const challenges = inputs.requestsPerEvent - 1;
  return [
    {
      item: "API Gateway HTTP API",
      perMillion: million * inputs.requestsPerEvent * PRICES.httpApiRequest,
      how: `${inputs.requestsPerEvent} request(s) per event`,
    },
    {
      item: "Lambda, ingest",
      perMillion:
        million * inputs.requestsPerEvent * PRICES.lambdaRequest +
        million *
          ((billedMs(inputs.ingestMillis) + challenges * billedMs(0)) / 1000) *
          inputs.memoryGb *
          PRICES.lambdaArmGbSecond,
      how: `${inputs.requestsPerEvent} invocation(s) per event: ${billedMs(inputs.ingestMillis)} ms${challenges ? ` + ${challenges} × ${billedMs(0)} ms (challenge)` : ""} × ${inputs.memoryGb * 1024} MB arm64`,
    },
    {
      item: "SQS FIFO, events",
      perMillion: (million * sqsChunks + batches * 2 * sqsChunks) * PRICES.sqsFifoRequest,
      how: `1 send per event + 1 receive and 1 batch delete per batch of ${inputs.batchSize}, ${sqsChunks} × 64 KiB chunk(s) each`,
    },
    {
      item: "Lambda, fan-out",
      perMillion:
        batches * PRICES.lambdaRequest +
        batches * (billedMs(inputs.fanoutBatchMillis) / 1000) * inputs.memoryGb * PRICES.lambdaArmGbSecond,
      how: `${billedMs(inputs.fanoutBatchMillis)} ms per batch of ${inputs.batchSize}, ${(inputs.retryRate * 100).toFixed(0)} % retried`,
    },
    ...deliveryLines(inputs, batches),
    rawArchive(inputs.archive, batches, inputs.batchSize),
    {
      item: "DynamoDB, order state",
      perMillion:
        million *
        (inputs.reconcile.readsPerEvent * PRICES.dynamodbReadRequest +
          inputs.reconcile.writesPerEvent * PRICES.dynamodbWriteRequest),
      how: `${inputs.reconcile.readsPerEvent} read unit(s) and ${inputs.reconcile.writesPerEvent} conditional write(s) per event, on demand`,
    },
    reconcilePolling(inputs.reconcile, inputs.memoryGb),
    {
      item: "CloudWatch Logs",
      perMillion: ((million * totalLogBytes(inputs.logBytes)) / GB) * PRICES.logsIngestGb,
      how: `${totalLogBytes(inputs.logBytes)} B of INFO logs per event (the functions' lines ${inputs.logBytes.functions} B, metrics ${inputs.logBytes.metrics} B, access log ${inputs.logBytes.access} B)`,
    },
  ];
}

/** Direct sends (and their spill switch), or the deliveries queue and the deliver function. */
function deliveryLines(inputs: CostInputs, batches: number): CostLine[] {
  const million = 1e6;
  const billedMs = billedMillis;
  if (inputs.direct) {
    return [
      {
        item: "SQS FIFO, consumer queue",
        perMillion: batches * inputs.destinationsPerEvent * PRICES.sqsFifoRequest,
        how: `sent directly by the fan-out: 1 SendMessageBatch per batch of ${inputs.batchSize} and destination`,
      },
      {
        item: "DynamoDB, spill switch",
        perMillion: batches * inputs.destinationsPerEvent * PRICES.dynamodbReadRequest,
        how: "1 strongly consistent read per batch and direct destination",
      },
    ];
  }
  return [
    {
      item: "SQS FIFO, deliveries",
      perMillion:
        (million * Math.ceil(inputs.destinationsPerEvent / 10) +
          ((million * inputs.destinationsPerEvent) / inputs.batchSize) * 2 +
          million * inputs.destinationsPerEvent) *
        PRICES.sqsFifoRequest,
      how: `${inputs.destinationsPerEvent} destination(s): 1 batch send per event, 1 receive and 1 batch delete per ${inputs.batchSize} deliveries, 1 send per delivery to the consumer queue`,
    },
    {
      item: "Lambda, deliver",
      perMillion:
        ((million * inputs.destinationsPerEvent) / inputs.batchSize) *
        (PRICES.lambdaRequest +
          (billedMs(inputs.deliverBatchMillis) / 1000) * inputs.memoryGb * PRICES.lambdaArmGbSecond),
      how: `${billedMs(inputs.deliverBatchMillis)} ms per batch of ${inputs.batchSize} deliveries`,
    },
  ];
}

/** Firehose ingestion of one record per batch (retried batches too), S3 storage, and the objects' PUTs. */
function rawArchive(inputs: ArchiveCostInputs, batches: number, batchSize: number): CostLine {
  const increment = PRICES.firehoseRecordIncrementBytes;
  const billedRecordBytes = Math.ceil(inputs.recordBytes / increment) * increment;
  const million = 1e6;
  return {
    item: "Raw archive (Firehose → S3)",
    perMillion:
      ((batches * billedRecordBytes) / GB) * PRICES.firehoseIngestGb +
      ((million * inputs.storedBytes) / GB) * PRICES.s3GbMonth * inputs.retentionMonths +
      ((inputs.objectsPerMonth * PRICES.s3Put) / inputs.eventsPerMonth) * million,
    how: `1 Firehose record per batch of ${batchSize} (${inputs.recordBytes} B, billed ${billedRecordBytes / 1024} KB); ${inputs.storedBytes} B gzipped per request kept ${inputs.retentionMonths} months; ${inputs.objectsPerMonth.toLocaleString("en-US")} objects (PUTs) a month over ${inputs.eventsPerMonth.toLocaleString("en-US")} events`,
  };
}

/** The reconciler's runs, whatever the traffic, spread over the month's events. */
function reconcilePolling(inputs: ReconcileCostInputs, memoryGb: number): CostLine {
  const runMillis = Math.ceil(inputs.pagesPerRun * inputs.pageMillis);
  const perRun =
    PRICES.lambdaRequest +
    (runMillis / 1000) * memoryGb * PRICES.lambdaArmGbSecond +
    inputs.orderTypes * (PRICES.dynamodbReadRequest + PRICES.dynamodbWriteRequest);
  return {
    item: "Reconciler polling",
    perMillion: ((inputs.runsPerMonth * perRun) / inputs.eventsPerMonth) * 1e6,
    how: `${inputs.runsPerMonth} runs a month of ${inputs.pagesPerRun} page(s) × ${inputs.pageMillis} ms, spread over ${inputs.eventsPerMonth.toLocaleString("en-US")} events a month`,
  };
}

/**
 * The list-price floor of a path, dollars per million events: only the requests no design of this
 * path can avoid, each named, with Lambda billed its 1 ms minimum. It counts the provider's HTTP
 * requests (API Gateway + one ingest invocation each), one FIFO send, the fan-out's batched receive
 * and delete and its invocation, and one batched send to the consumer queue; not the raw archive,
 * the logs or any other duration, which have to fit in the gap between the floor and the cost.
 * A reconciled path (Bandwidth: docs/how-it-works.md "Reconciliation") also counts what comparing
 * with the carrier's order lists cannot do without: one write per status change, so that a change
 * the reconciler finds is known to have been delivered or not; one read per change by the
 * reconciler (eventually consistent, half a read unit); and one run per schedule reading one page
 * per order type.
 */
export function floorPerMillion(inputs: CostInputs): CostLine[] {
  const million = 1e6;
  const batches = million / inputs.batchSize;
  const minimumDuration = (billedMillis(0) / 1000) * inputs.memoryGb * PRICES.lambdaArmGbSecond;
  return [
    {
      item: "API Gateway HTTP API",
      perMillion: million * inputs.requestsPerEvent * PRICES.httpApiRequest,
      how: `${inputs.requestsPerEvent} request(s) per event`,
    },
    {
      item: "Lambda, ingest",
      perMillion: million * inputs.requestsPerEvent * (PRICES.lambdaRequest + minimumDuration),
      how: `${inputs.requestsPerEvent} invocation(s) per event at 1 ms`,
    },
    {
      item: "SQS FIFO, events",
      perMillion: (million + batches * 2) * PRICES.sqsFifoRequest,
      how: `1 SendMessage per event; 1 ReceiveMessage + 1 DeleteMessageBatch per ${inputs.batchSize} events`,
    },
    {
      item: "Lambda, fan-out",
      perMillion: batches * (PRICES.lambdaRequest + minimumDuration),
      how: `1 invocation per ${inputs.batchSize} events at 1 ms`,
    },
    {
      item: "SQS FIFO, consumer queue",
      perMillion: batches * PRICES.sqsFifoRequest,
      how: `1 SendMessageBatch per ${inputs.batchSize} events`,
    },
    ...(inputs.reconcile.runsPerMonth > 0 ? reconciliationFloor(inputs) : []),
  ];
}

/** What reconciliation needs at least: see {@link floorPerMillion}. */
function reconciliationFloor(inputs: CostInputs): CostLine[] {
  const { reconcile } = inputs;
  const minimum = reconcilePolling({ ...reconcile, pagesPerRun: reconcile.orderTypes }, inputs.memoryGb);
  return [
    {
      item: "DynamoDB, order state",
      perMillion: 1e6 * (PRICES.dynamodbWriteRequest + 0.5 * PRICES.dynamodbReadRequest),
      how: "1 write per status change; the reconciler's eventually consistent read of it",
    },
    {
      ...minimum,
      how: `${reconcile.runsPerMonth} runs a month of 1 page per order type × ${reconcile.pageMillis} ms`,
    },
  ];
}
