import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { promisify } from "node:util";
import { type BuildOptions, build } from "esbuild";
import { parse as parseYaml } from "yaml";
import { packageTemplate } from "../../helpers/packageTemplate.ts";
import { percentile, type Row } from "../measure.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const RUNS = 15;
const run = promisify(execFile);
/** The last line of each measured process: its CPU time so far. */
const PRINT_CPU = "process.stdout.write(JSON.stringify(process.cpuUsage()));";

/** What a function needs in its environment to get through its cold start (dummy values). */
const COLD_START_ENV = {
  EVENTS_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/000000000000/events.fifo",
  ARCHIVE_BUCKET: "archive",
  ARCHIVE_STREAM: "raw-archive",
  // The template's default: every event to the consumer queue.
  DESTINATIONS: '{"destinations":[{"name":"consumer","type":"sqs","queueUrlEnv":"CONSUMER_QUEUE_URL"}]}',
  CONSUMER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/000000000000/consumer.fifo",
  DELIVERIES_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/000000000000/deliveries.fifo",
  DELIVERY_DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/000000000000/deliveries-dlq.fifo",
  ORDER_STATE_TABLE: "order-state",
  // The reconciler and the renewal function, switched on (with no account they load almost nothing).
  BANDWIDTH_ACCOUNT_ID: "9900000",
  BANDWIDTH_API_URL: "https://dashboard.bandwidth.com/api",
  BANDWIDTH_V1_NOTIFICATIONS_URL:
    "https://example.execute-api.us-east-1.amazonaws.com/bandwidth/v1/notifications",
  BANDWIDTH_USERNAME: "bandwidth",
  AWS_REGION: "us-east-1",
  POWERTOOLS_LOG_LEVEL: "SILENT",
};

/**
 * Cold start: the CPU time of a fresh Node process loading each function bundle of serverless.yml (built with its
 * esbuild options, so the same code Lambda loads) next to a bundle, built the same way, that only
 * imports the SQS client and builds one (goal: ≤ 1.2× that); and the sizes of the zips `sls package`
 * produces.
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

  const out = mkdtempSync(join(tmpdir(), "bench-cold-"));
  const serverless = parseYaml(readFileSync(resolve(ROOT, "serverless.yml"), "utf8")) as {
    custom: { esbuild: Record<string, unknown> };
    functions: Record<string, { handler: string }>;
  };
  const loaderOf = async (name: string, entry: Pick<BuildOptions, "entryPoints" | "stdin">) => {
    const outfile = join(out, `${name}.mjs`);
    await build({ ...esbuildOptions(serverless.custom.esbuild), ...entry, outfile, logLevel: "silent" });
    const loader = join(out, `load-${name}.mjs`);
    writeFileSync(loader, `await import(${JSON.stringify(outfile)});\n${PRINT_CPU}`);
    return [loader];
  };
  // The yardstick: a bundle, built the same way, that only imports the SQS client and builds one.
  const sqsOnly = await loaderOf("sqs-client-only", {
    stdin: {
      contents: 'import { SQSClient } from "@aws-sdk/client-sqs";\nnew SQSClient({});\n',
      resolveDir: ROOT,
      loader: "ts",
    },
  });
  // Every function of serverless.yml, so one added there is measured too.
  const functions: [string, string[]][] = [];
  for (const [name, fn] of Object.entries(serverless.functions)) {
    const entry = resolve(ROOT, `${fn.handler.replace(/\.[^.]+$/, "")}.ts`);
    functions.push([name, await loaderOf(name, { entryPoints: [entry] })]);
  }
  const [emptyMs = Number.NaN, sqsOnlyMs = Number.NaN, ...functionMs] = await interleavedMedians([
    ["-e", PRINT_CPU],
    sqsOnly,
    ...functions.map(([, args]) => args),
  ]);
  rows.push(
    {
      id: "coldstart.empty",
      section: "cold start",
      name: "empty Node process (CPU)",
      value: emptyMs,
      unit: "ms",
    },
    {
      id: "coldstart.sqsClientOnly",
      section: "cold start",
      name: "load a bundle of @aws-sdk/client-sqs + new SQSClient() (CPU)",
      value: sqsOnlyMs,
      unit: "ms",
      baseline: { name: "empty process", ratio: sqsOnlyMs / emptyMs },
    },
    ...functions.map(([name], i) => {
      const ms = functionMs[i] ?? Number.NaN;
      return {
        id: `coldstart.${name}`,
        section: "cold start",
        name: `load ${name} bundle (CPU, process start to loaded)`,
        value: ms,
        unit: "ms",
        baseline: { name: "client-sqs bundle", ratio: ms / sqsOnlyMs },
        goal: "≤ 1.20×",
      };
    }),
  );
  return rows;
}

/** The bundling options of serverless.yml's `custom.esbuild` that change what is loaded. */
function esbuildOptions(options: Record<string, unknown>): BuildOptions {
  return {
    bundle: true,
    minify: options.minify === true,
    platform: "node",
    target: String(options.target),
    format: "esm",
    mainFields: options.mainFields as string[],
    banner: options.banner as Record<string, string>,
  };
}

/**
 * Median CPU time (user + system, in ms) of a fresh Node process running each of `commands` up to the
 * point where it prints {@link PRINT_CPU}. CPU rather than wall time, and in rounds (one of each per
 * round): on a machine shared with other work, their load stretches wall time but hardly CPU time.
 */
async function interleavedMedians(commands: string[][]): Promise<number[]> {
  const times = commands.map((): number[] => []);
  for (let round = 0; round < RUNS; round++) {
    for (const [i, args] of commands.entries()) {
      const { stdout } = await run(process.execPath, args, { env: { ...process.env, ...COLD_START_ENV } });
      const used = JSON.parse(stdout) as NodeJS.CpuUsage;
      times[i]?.push((used.user + used.system) / 1000);
    }
  }
  return times.map((values) => percentile(values, 50));
}
