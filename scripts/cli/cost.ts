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
import { type CostInputs, type CostLine, costPerMillion, floorPerMillion } from "../../lib/cost/model.ts";
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

/** A path's cost / floor with some of its log bytes left out (the floor holds no log). */
const ratioWithLogs = (inputs: CostInputs, floor: readonly CostLine[], logBytes: CostInputs["logBytes"]) =>
  `${(sum(costPerMillion({ ...inputs, logBytes })) / sum(floor)).toFixed(2)}×`;

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
    "## The log lines and the goal",
    "",
    "The goal counts the logs inside the 15 %. The same paths, priced without some of their log lines:",
    "",
    "| path | today | without the functions' INFO lines | without those and the access log | without any log line | goal |",
    "|---|---:|---:|---:|---:|---:|",
    ...paths.map(({ path, inputs, lines, floor }) => {
      const { logBytes } = inputs;
      return `| ${path.name} | ${(sum(lines) / sum(floor)).toFixed(2)}× | ${ratioWithLogs(inputs, floor, { ...logBytes, functions: 0 })} | ${ratioWithLogs(inputs, floor, { ...logBytes, functions: 0, access: 0 })} | ${ratioWithLogs(inputs, floor, { functions: 0, metrics: 0, access: 0 })} | ≤ ${GOAL_RATIO.toFixed(2)}× |`;
    }),
    "",
    "The functions' INFO lines are the ingest's `event queued` line of every event (its id, order, type,",
    "status and numbers) and the fan-out's `archived` and `delivered` lines of every batch: what `npm run trace`,",
    'the saved Logs Insights queries (*trace an event*, *events about a number*) and the answer to "did we get',
    'the completion for this number?" read. The access log is the only record of the requests API Gateway',
    "answers itself (throttled, unknown route, integration timeout), and the access logging AWS's",
    "Foundational Security Best Practices check for (Security Hub [APIGateway.9]). We keep both: they cost",
    "cents per million events, and an event nobody can find is the failure this gateway exists to prevent.",
    "So the goal is not met by design at the default `logLevel` (INFO). The level cannot simply be raised",
    "to WARN to meet it: the authentication-failure alarms count INFO lines, and Lambda files the delivery",
    "metrics' lines, which have no level, as INFO (docs/deploy.md, `logLevel`).",
    "",
    "[APIGateway.9]: https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html",
    "",
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
