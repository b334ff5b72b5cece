import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { parse as parseYaml } from "yaml";
import { packageTemplate } from "../../helpers/packageTemplate.ts";
import { percentile, type Row } from "../measure.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const RUNS = 15;
const run = promisify(execFile);

/** What a function needs in its environment to get through its cold start (dummy values). */
const COLD_START_ENV = {
  EVENTS_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/000000000000/events.fifo",
  ARCHIVE_BUCKET: "archive",
  // The template's default: every event to the consumer queue.
  DESTINATIONS: '{"destinations":[{"name":"consumer","type":"sqs","queueUrlEnv":"CONSUMER_QUEUE_URL"}]}',
  CONSUMER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/000000000000/consumer.fifo",
  DELIVERIES_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/000000000000/deliveries.fifo",
  DELIVERY_DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/000000000000/deliveries-dlq.fifo",
  AWS_REGION: "us-east-1",
  POWERTOOLS_LOG_LEVEL: "SILENT",
};

/**
 * Cold start: a fresh Node process loading each function bundle (built with the esbuild options
 * of serverless.yml, so the same code Lambda loads) next to an empty Node process; and the sizes of
 * the zips `sls package` produces.
 */
export async function coldStart(): Promise<Row[]> {
  const { dir } = await packageTemplate("bench");
  const rows: Row[] = readdirSync(dir)
    .filter((name) => name.endsWith(".zip"))
    .map((name) => ({
      id: `bundle.${basename(name, ".zip")}`,
      section: "bundles",
      name: `${name} (sls package)`,
      value: statSync(join(dir, name)).size / 1024,
      unit: "KiB",
    }));

  const emptyMs = await processMillis(["-e", ""]);
  rows.push({
    id: "coldstart.empty",
    section: "cold start",
    name: "empty Node process",
    value: emptyMs,
    unit: "ms",
  });
  const out = mkdtempSync(join(tmpdir(), "bench-cold-"));
  const esbuildOptions = (
    parseYaml(readFileSync(resolve(ROOT, "serverless.yml"), "utf8")) as {
      custom: { esbuild: Record<string, unknown> };
    }
  ).custom.esbuild;
  for (const file of readdirSync(join(ROOT, "functions"))) {
    const name = basename(file, ".ts");
    const outfile = join(out, `${name}.mjs`);
    await build({
      entryPoints: [join(ROOT, "functions", file)],
      outfile,
      bundle: true,
      minify: esbuildOptions.minify === true,
      platform: "node",
      target: "node24",
      format: "esm",
      banner: esbuildOptions.banner as Record<string, string>,
      logLevel: "silent",
    });
    const loader = join(out, `load-${name}.mjs`);
    writeFileSync(loader, `await import(${JSON.stringify(outfile)});`);
    const ms = await processMillis([loader]);
    rows.push({
      id: `coldstart.${name}`,
      section: "cold start",
      name: `load ${name} bundle (process start to exit)`,
      value: ms,
      unit: "ms",
      baseline: { name: "empty process", ratio: ms / emptyMs },
    });
  }
  return rows;
}

/** Median wall time of a fresh Node process running `args`. */
async function processMillis(args: string[]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run(process.execPath, args, { env: { ...process.env, ...COLD_START_ENV } });
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}
