/**
 * `npm run cost`: dollars per million events on AWS list prices, per provider path, beside that
 * path's list-price floor, from the figures `npm run bench -- --write` measured (BENCHMARKS.json).
 * `npm run cost -- --write` records it in docs/cost.md.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { providerCostInputs } from "../../lib/cost/inputs.ts";
import { S3_REQUEST_MS, SQS_REQUEST_MS } from "../../lib/cost/latency.ts";
import { type CostLine, costPerMillion, floorPerMillion } from "../../lib/cost/model.ts";
import { PROVIDER_PATHS } from "../../lib/cost/paths.ts";
import { PRICES } from "../../lib/cost/prices.ts";
import { CommandError, runCommand } from "./command.ts";

/** The goal: each path's cost within 15 % of its floor. */
const GOAL_RATIO = 1.15;

const sum = (lines: readonly CostLine[]) => lines.reduce((total, line) => total + line.perMillion, 0);
const table = (lines: readonly CostLine[], totalLabel: string) => [
  "| item | $ per million events | basis |",
  "|---|---:|---|",
  ...lines.map((line) => `| ${line.item} | ${line.perMillion.toFixed(2)} | ${line.how} |`),
  `| **total** | **${sum(lines).toFixed(2)}** | ${totalLabel} |`,
];

/** Each cost line less the floor line of the same item (the consumer-queue send is in the deliveries line). */
const gap = (lines: readonly CostLine[], floor: readonly CostLine[]) =>
  lines
    .map((line) => {
      const floorItem = line.item === "SQS FIFO, deliveries" ? "SQS FIFO, consumer queue" : line.item;
      const below = floor.find((candidate) => candidate.item === floorItem)?.perMillion ?? 0;
      return { item: line.item, over: line.perMillion - below };
    })
    .filter(({ over }) => over >= 0.005)
    .sort((a, b) => b.over - a.over)
    .map(({ item, over }) => `${item} $${over.toFixed(2)}`)
    .join(", ");

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

  const paths = PROVIDER_PATHS.map((path) => {
    const dir = resolve(root, "events", path.fixtures);
    const inputs = providerCostInputs(
      path,
      measured,
      readFileSync(resolve(dir, path.sample)),
      readdirSync(dir).map((name) => readFileSync(resolve(dir, name))),
    );
    return { path, inputs, lines: costPerMillion(inputs), floor: floorPerMillion(inputs) };
  });

  const markdown = [
    "# Cost per million events",
    "",
    `Computed by \`npm run cost\` from the figures \`npm run bench\` measured on ${figures.measuredAt.slice(0, 10)} (${figures.machine}),`,
    "with AWS list prices for us-east-1 (`lib/cost/prices.ts`), for each provider path from webhook to the default",
    "consumer queue, beside the list-price floor of that path. Lambda durations are the CPU measured here, stretched",
    "by the share of a vCPU 256 MB buys in Lambda, plus the AWS requests each function waits for, at the latencies",
    `AWS documents (SQS ${SQS_REQUEST_MS} ms, S3 ${S3_REQUEST_MS} ms; \`lib/cost/latency.ts\`). Rerun both commands after changing the code or the prices.`,
    "",
    "| path | floor | cost | cost / floor | goal |",
    "|---|---:|---:|---:|---:|",
    ...paths.map(
      ({ path, lines, floor }) =>
        `| ${path.name} | $${sum(floor).toFixed(2)} | $${sum(lines).toFixed(2)} | ${(sum(lines) / sum(floor)).toFixed(2)}× | ≤ ${GOAL_RATIO.toFixed(2)}× |`,
    ),
    "",
    ...paths.flatMap(({ path, lines, floor }) => [
      `## ${path.name}`,
      "",
      path.reconciled
        ? "The floor: the requests no design of this path avoids. A Bandwidth notification that never arrives is not sent again (v1 never retries), so the path is reconciled against the carrier's order lists (docs/how-it-works.md \"Reconciliation\"), and its floor also counts what any reconciliation needs: one write per status change (to know what was delivered), the reconciler's read of it, and one list page per order type per run."
        : "The floor: the requests no design of this path avoids.",
      "",
      ...table(floor, "floor"),
      "",
      "Today:",
      "",
      ...table(lines, `${path.name}, delivered to the consumer queue`),
      "",
      `What the cost has above the floor ($${(sum(lines) - sum(floor)).toFixed(2)}), largest first: ${gap(lines, floor)}.`,
      "",
    ]),
    "## Not per event",
    "",
    "Each SQS event source (events, deliveries) polls an idle queue (about 650,000 empty receives a month,",
    `≈ $${(650_000 * PRICES.sqsFifoRequest).toFixed(2)} each), the recovery function runs every 5 minutes (≈ 8,600 invocations a month), and CloudWatch alarms`,
    "and the dashboard are billed per alarm and per dashboard; the subscription renewal runs once a day. The",
    "reconciler's polling is fixed too: it is spread over 1 million events a month in the Bandwidth paths' lines above.",
    "Lambda's own START, END and REPORT log lines per",
    "invocation are not counted in the CloudWatch Logs line.",
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
