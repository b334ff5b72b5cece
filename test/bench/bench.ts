/**
 * `npm run bench`: speed figures side by side, as ratios measured in one run on this machine.
 * `npm run bench -- --write` also records them in BENCHMARKS.md (and BENCHMARKS.json, for the cost
 * model) with the machine and date.
 * Not a test: nothing here asserts a time.
 */
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";
import { BENCHMARKS_MD, writeBenchmarksSection } from "./benchmarksFile.ts";
import type { Row } from "./measure.ts";
import { attackBounds } from "./sections/attackBounds.ts";
import { coldStart } from "./sections/coldStart.ts";
import { destinationAnswers } from "./sections/destinationAnswers.ts";
import { ed25519Libraries } from "./sections/ed25519Libraries.ts";
import { endToEndLatency } from "./sections/endToEndLatency.ts";
import { fanoutBatch } from "./sections/fanoutBatch.ts";
import { fanoutThroughput } from "./sections/fanoutThroughput.ts";
import { httpRate } from "./sections/httpRate.ts";
import { ingestCpu } from "./sections/ingestCpu.ts";
import { portoutLatency } from "./sections/portoutLatency.ts";
import { signedIngestCpu } from "./sections/signedIngestCpu.ts";
import { xmlParsers } from "./sections/xmlParsers.ts";

const SECTIONS: (() => Promise<Row[]>)[] = [
  ingestCpu,
  signedIngestCpu,
  ed25519Libraries,
  xmlParsers,
  httpRate,
  fanoutBatch,
  fanoutThroughput,
  attackBounds,
  destinationAnswers,
  coldStart,
  portoutLatency,
  endToEndLatency,
];

// `npm run bench -- --only=coldStart,httpRate` runs those sections alone (and never writes).
const only = process.argv
  .find((arg) => arg.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const rows: Row[] = [];
for (const section of SECTIONS.filter(({ name }) => !only || only.includes(name))) {
  const result = await section();
  rows.push(...result);
  for (const row of result) console.log(formatRow(row));
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine} by \`npm run bench\`.`,
  "",
  "| section | measurement | value | vs baseline | goal |",
  "|---|---|---:|---:|---:|",
  ...rows.map(
    (row) =>
      `| ${row.section} | ${row.name} | ${format(row.value)} ${row.unit} | ${row.baseline ? `${row.baseline.ratio.toFixed(2)}× ${row.baseline.name}` : "baseline"} | ${row.goal ?? ""} |`,
  ),
].join("\n");
console.log(`\n${table}`);
if (process.argv.includes("--write") && !only) {
  writeBenchmarksSection(null, table);
  // Machine-readable figures, read by `npm run cost` (docs/cost.md).
  const figures = { measuredAt: new Date().toISOString(), machine, rows };
  writeFileSync(
    resolve(import.meta.dirname, "../../BENCHMARKS.json"),
    `${JSON.stringify(figures, null, 2)}\n`,
  );
  console.log(`\nwritten to ${BENCHMARKS_MD} and BENCHMARKS.json`);
}

function formatRow(row: Row): string {
  const ratio = row.baseline
    ? `  (${row.baseline.ratio.toFixed(2)}× ${row.baseline.name}${row.goal ? `, goal ${row.goal}` : ""})`
    : "";
  return `${row.section.padEnd(12)} ${row.name.padEnd(70)} ${format(row.value).padStart(10)} ${row.unit}${ratio}`;
}

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(1);
}
