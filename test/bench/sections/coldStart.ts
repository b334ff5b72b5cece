import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { promisify } from "node:util";
import { type BuildOptions, build, type Metafile } from "esbuild";
import { parse as parseYaml } from "yaml";
import { esbuildOptions } from "../../helpers/esbuildOptions.ts";
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
  LOG_LEVEL: "SILENT",
};

/**
 * Every module our code imports lazily (`import()` in lib/ or functions/), and whether a function's first
 * ordinary invocation, with the template's defaults, imports it. The honest cold start of a function is its
 * bundle loaded plus those: a lazy import only moves a cost the path always pays into its first invocation.
 * A lazy import missing here stops the bench, so one cannot be added without saying which it is.
 */
const LAZY_MODULES: Record<string, { firstInvocation: (fn: Fn) => boolean; why: string }> = {
  "lib/archive/fallbackStore.ts": {
    firstInvocation: () => false,
    why: "ingest's fallback archive: the queue is down",
  },
  "lib/aws/s3Client.ts": {
    firstInvocation: () => false,
    why: "ingest's fallback archive: the queue is down",
  },
  "node_modules/@aws-sdk/client-sns/dist-es/index.js": {
    firstInvocation: () => destinationTypes().has("sns"),
    why: "an SNS destination's client, loaded at its first delivery",
  },
  "node_modules/@aws-sdk/client-eventbridge/dist-es/index.js": {
    firstInvocation: () => destinationTypes().has("eventbridge"),
    why: "an EventBridge destination's client, loaded at its first delivery",
  },
};

type Fn = { handler: string; environment?: Record<string, unknown> };

/** The destination types of the DESTINATIONS the bench loads the functions with (the template's default). */
function destinationTypes(): Set<string> {
  const config = JSON.parse(COLD_START_ENV.DESTINATIONS) as { destinations: { type: string }[] };
  return new Set(config.destinations.map((destination) => destination.type));
}

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
    functions: Record<string, Fn>;
  };
  const loaderOf = async (name: string, entry: Pick<BuildOptions, "entryPoints" | "stdin">) => {
    const outfile = join(out, `${name}.mjs`);
    const { metafile } = await build({
      ...esbuildOptions(serverless.custom.esbuild),
      ...entry,
      outfile,
      absWorkingDir: ROOT,
      metafile: true,
      logLevel: "silent",
    });
    const loader = join(out, `load-${name}.mjs`);
    writeFileSync(loader, `await import(${JSON.stringify(outfile)});\n${PRINT_CPU}`);
    return { args: [loader], metafile };
  };
  // The yardstick: a bundle, built the same way, that only imports the SQS client and builds one.
  const { args: sqsOnly } = await loaderOf("sqs-client-only", {
    stdin: {
      contents: 'import { SQSClient } from "@aws-sdk/client-sqs";\nnew SQSClient({});\n',
      resolveDir: ROOT,
      loader: "ts",
    },
  });
  // Every function of serverless.yml, so one added there is measured too: its bundle as Lambda loads it,
  // and the same bundle with the modules its first ordinary invocation imports lazily imported up front.
  const functions: { name: string; loaded: string[]; firstInvocation: string[]; lazy: string[] }[] = [];
  for (const [name, fn] of Object.entries(serverless.functions)) {
    const entry = resolve(ROOT, `${fn.handler.replace(/\.[^.]+$/, "")}.ts`);
    const { args: loaded, metafile } = await loaderOf(name, { entryPoints: [entry] });
    const lazy = ownLazyImports(metafile).filter((path) => lazyModule(path).firstInvocation(fn));
    const firstInvocation =
      lazy.length === 0
        ? loaded
        : (
            await loaderOf(`${name}-first-invocation`, {
              stdin: {
                contents: [entry, ...lazy.map((path) => resolve(ROOT, path))]
                  .map((path, i) =>
                    i === 0 ? `export * from ${JSON.stringify(path)};` : `import ${JSON.stringify(path)};`,
                  )
                  .join("\n"),
                resolveDir: ROOT,
                loader: "ts",
              },
            })
          ).args;
    functions.push({ name, loaded, firstInvocation, lazy });
  }
  const commands = [["-e", PRINT_CPU], sqsOnly, ...functions.flatMap((f) => [f.loaded, f.firstInvocation])];
  // A function with nothing lazy on its first invocation runs one loader: measure it once.
  const unique = [...new Set(commands)];
  const medians = await interleavedMedians(unique);
  const ms = (args: string[]) => medians[unique.indexOf(args)] ?? Number.NaN;
  const emptyMs = ms(commands[0] ?? []);
  const sqsOnlyMs = ms(sqsOnly);
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
    ...functions.flatMap(({ name, loaded, firstInvocation, lazy }): Row[] => [
      {
        id: `coldstart.${name}.loaded`,
        section: "cold start",
        name: `load ${name} bundle (CPU, process start to loaded)`,
        value: ms(loaded),
        unit: "ms",
        baseline: { name: "client-sqs bundle", ratio: ms(loaded) / sqsOnlyMs },
      },
      {
        id: `coldstart.${name}`,
        section: "cold start",
        name: `load ${name} bundle + what its first invocation imports (${lazy.length === 0 ? "nothing lazy" : lazy.map((path) => basename(path)).join(", ")}) (CPU)`,
        value: ms(firstInvocation),
        unit: "ms",
        baseline: { name: "client-sqs bundle", ratio: ms(firstInvocation) / sqsOnlyMs },
        goal: "≤ 1.20×",
      },
    ]),
  );
  return rows;
}

/** The modules (ours or packages', not Node's own) that lib/ or functions/ code in this bundle imports with `import()`, by path from the root. */
function ownLazyImports(metafile: Metafile): string[] {
  const own = (path: string) => path.startsWith("lib/") || path.startsWith("functions/");
  return [
    ...new Set(
      Object.entries(metafile.inputs)
        .filter(([path]) => own(path))
        .flatMap(([, input]) => input.imports.filter((i) => i.kind === "dynamic-import" && !i.external))
        .map((i) => i.path),
    ),
  ];
}

function lazyModule(path: string) {
  const known = LAZY_MODULES[path];
  if (!known)
    throw new Error(`${path} is imported lazily: say in LAZY_MODULES whether a first invocation needs it`);
  return known;
}

/** The bundling options of serverless.yml's `custom.esbuild` that change what is loaded. */

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
