/**
 * `npm run cost`: dollars per million events on AWS list prices, from the figures `npm run bench
 * -- --write` measured (BENCHMARKS.json). `npm run cost -- --write` records it in docs/cost.md.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { type CostInputs, costPerMillion } from "../../lib/cost/model.ts";
import { PRICES } from "../../lib/cost/prices.ts";
import { packRawRequest, rawRequestOf } from "../../lib/http/rawRequest.ts";
import { normalizeNotification } from "../../lib/providers/bandwidth/v1/normalizeNotification.ts";

const root = resolve(import.meta.dirname, "../..");
const figures = JSON.parse(readFileSync(resolve(root, "BENCHMARKS.json"), "utf8")) as {
  measuredAt: string;
  machine: string;
  rows: { id: string; value: number }[];
};
const measured = (id: string) => {
  const row = figures.rows.find((candidate) => candidate.id === id);
  if (!row) throw new Error(`BENCHMARKS.json has no ${id}: run npm run bench -- --write`);
  return row.value;
};

// Sizes of a real message, archive line and log lines, computed from a fixture.
const body = readFileSync(resolve(root, "events/bandwidth/v1/portins-complete.xml"));
const event = normalizeNotification(body.toString("utf8"), new Date().toISOString());
const request = {
  method: "POST",
  path: "/",
  headers: { "content-type": "application/xml" },
  rawBody: body,
  receivedAt: event.data.receivedAt,
};
const raw = rawRequestOf(request, "bandwidth-v1-notifications", event.source, event.id);
const fixtureDir = resolve(root, "events/bandwidth/v1");
const batchOfFixtures = readdirSync(fixtureDir).map((name) => {
  const bytes = readFileSync(resolve(fixtureDir, name));
  const normalized = normalizeNotification(bytes.toString("utf8"), event.data.receivedAt);
  return JSON.stringify(
    rawRequestOf(
      { ...request, rawBody: bytes },
      "bandwidth-v1-notifications",
      normalized.source,
      normalized.id,
    ),
  );
});
const logLine = (fields: object) =>
  JSON.stringify({ level: "INFO", timestamp: event.time, service: "number-events-gateway", ...fields })
    .length + 1;

const inputs: CostInputs = {
  ingestMillis: measured("ingest.p50Millis"),
  fanoutBatchMillis: measured("fanout.batchMillis"),
  deliverBatchMillis: measured("deliver.batchMillis"),
  destinationsPerEvent: 1,
  batchSize: 10,
  memoryGb: 0.25,
  messageBytes: JSON.stringify(event).length + packRawRequest(raw).length,
  // The archive gzips a whole batch into one object: measure a batch of the real fixtures.
  archivedBytes: Math.ceil(gzipSync(batchOfFixtures.join("\n")).length / batchOfFixtures.length),
  logBytes:
    logLine({
      message: "event queued",
      route: "bandwidth-v1-notifications",
      eventId: event.id,
      type: event.type,
      orderId: event.data.orderId,
    }) + logLine({ message: "delivered", eventId: event.id, destination: "consumer", ms: 3 }),
  requestsPerEvent: 2,
  retryRate: 0.01,
  archiveRetentionMonths: 3,
};
const lines = costPerMillion(inputs);
const total = lines.reduce((sum, line) => sum + line.perMillion, 0);
const markdown = [
  "# Cost per million events",
  "",
  `Computed by \`npm run cost\` from the figures \`npm run bench\` measured on ${figures.measuredAt.slice(0, 10)} (${figures.machine}),`,
  "with AWS list prices for us-east-1 (`lib/cost/prices.ts`). Lambda durations in AWS differ from this machine's;",
  "rerun both commands after changing the code or the prices.",
  "",
  "| item | $ per million events | basis |",
  "|---|---:|---|",
  ...lines.map((line) => `| ${line.item} | ${line.perMillion.toFixed(2)} | ${line.how} |`),
  `| **total** | **${total.toFixed(2)}** | Bandwidth v1 worst case (2 HTTP requests per event), delivered to the consumer queue |`,
  "",
  "Fixed costs not per event: each SQS event source (events, deliveries) polls an idle queue (about 650,000 empty receives a month,",
  `≈ $${(650_000 * PRICES.sqsFifoRequest).toFixed(2)} each), the recovery function runs every 5 minutes (≈ 8,600 invocations a month), and CloudWatch alarms`,
  "and the dashboard are billed per alarm and per dashboard.",
  "",
  "For comparison, one S3 PUT per event would cost $5.00 per million on its own; archiving per fan-out batch costs",
  `$${((1e6 / inputs.batchSize) * PRICES.s3Put).toFixed(2)}.`,
  "",
].join("\n");
console.log(markdown);
if (process.argv.includes("--write")) writeFileSync(resolve(root, "docs/cost.md"), markdown);
