/**
 * `npm run cost`: dollars per million events on AWS list prices, from the figures `npm run bench
 * -- --write` measured (BENCHMARKS.json). `npm run cost -- --write` records it in docs/cost.md.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { bandwidthV1CostInputs } from "../../lib/cost/inputs.ts";
import { costPerMillion } from "../../lib/cost/model.ts";
import { PRICES } from "../../lib/cost/prices.ts";
import { CommandError, runCommand } from "./command.ts";

await runCommand("cost", async (args) => {
  const { values } = parseArgs({ args, options: { write: { type: "boolean", default: false } } });
  const root = resolve(import.meta.dirname, "../..");
  const figures = readFigures(resolve(root, "BENCHMARKS.json")) as {
    measuredAt: string;
    machine: string;
    rows: { id: string; value: number }[];
  };
  const measured = (id: string) => {
    const row = figures.rows.find((candidate) => candidate.id === id);
    if (!row) throw new CommandError(`BENCHMARKS.json has no ${id}: run npm run bench -- --write`);
    return row.value;
  };

  const fixtureDir = resolve(root, "events/bandwidth/v1");
  const inputs = bandwidthV1CostInputs(
    measured,
    readFileSync(resolve(fixtureDir, "portins-complete.xml")),
    readdirSync(fixtureDir).map((name) => readFileSync(resolve(fixtureDir, name))),
  );
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
  if (values.write) writeFileSync(resolve(root, "docs/cost.md"), markdown);
  return 0;
});

/** BENCHMARKS.json, or an error saying how to make it. */
function readFigures(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CommandError(`cannot read ${path}: run npm run bench -- --write`, { cause: error });
  }
}
