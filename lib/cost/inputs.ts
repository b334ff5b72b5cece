import { gzipSync } from "node:zlib";
import { packRawRequest, rawRequestOf } from "../http/rawRequest.ts";
import { normalizeNotification } from "../providers/bandwidth/v1/normalizeNotification.ts";
import type { CostInputs } from "./model.ts";

const ROUTE = "bandwidth-v1-notifications";

/**
 * The cost model's inputs for the Bandwidth v1 worst case: durations from the benchmark figures
 * (`measured`, by BENCHMARKS.json row id), sizes of a real message, archive line and log lines
 * computed from real requests (`sample`, and the `batch` archived together), the rest assumed.
 */
export function bandwidthV1CostInputs(
  measured: (id: string) => number,
  sample: Buffer,
  batch: readonly Buffer[],
): CostInputs {
  const event = normalizeNotification(sample.toString("utf8"), new Date().toISOString());
  const request = {
    method: "POST",
    path: "/",
    headers: { "content-type": "application/xml" },
    rawBody: sample,
    receivedAt: event.data.receivedAt,
  };
  const raw = rawRequestOf(request, ROUTE, event.source, event.id);
  const archivedLines = batch.map((bytes) => {
    const normalized = normalizeNotification(bytes.toString("utf8"), event.data.receivedAt);
    return JSON.stringify(
      rawRequestOf({ ...request, rawBody: bytes }, ROUTE, normalized.source, normalized.id),
    );
  });
  const logLine = (fields: object) =>
    JSON.stringify({ level: "INFO", timestamp: event.time, service: "number-events-gateway", ...fields })
      .length + 1;
  return {
    ingestMillis: measured("ingest.p50Millis"),
    fanoutBatchMillis: measured("fanout.batchMillis"),
    deliverBatchMillis: measured("deliver.batchMillis"),
    destinationsPerEvent: 1,
    batchSize: 10,
    memoryGb: 0.25,
    messageBytes: JSON.stringify(event).length + packRawRequest(raw).length,
    // The archive gzips a whole batch into one object: measure a batch of the real fixtures.
    archivedBytes: Math.ceil(gzipSync(archivedLines.join("\n")).length / archivedLines.length),
    logBytes:
      logLine({
        message: "event queued",
        route: ROUTE,
        eventId: event.id,
        type: event.type,
        orderId: event.data.orderId,
      }) + logLine({ message: "delivered", eventId: event.id, destination: "consumer", ms: 3 }),
    requestsPerEvent: 2,
    retryRate: 0.01,
    archiveRetentionMonths: 3,
    reconcile: reconcileCostInputs(1_000_000),
  };
}

/**
 * The reconciler at `eventsPerMonth` Bandwidth order changes: the lists filter by whole days, so a
 * run reads the pages of the orders modified today (half a day's changes on average, 300 per page)
 * of each of the 4 order types, at an assumed 300 ms per answer plus the 250 ms pacing interval.
 */
function reconcileCostInputs(eventsPerMonth: number) {
  const orderTypes = 4;
  const listedPerRun = eventsPerMonth / 30 / 2;
  return {
    readsPerEvent: 2,
    writesPerEvent: 1,
    runsPerMonth: 30 * 24 * 4,
    orderTypes,
    pagesPerRun: orderTypes + Math.ceil(listedPerRun / 300),
    pageMillis: 300 + 250,
    eventsPerMonth,
  };
}
