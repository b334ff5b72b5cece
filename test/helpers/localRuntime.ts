import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type LocalResourceKind, localName } from "../../scripts/local/names.ts";
import { emulatorUrlOf } from "./cli.ts";
import { startSwitchableProxy } from "./switchableProxy.ts";

const ROOT = resolve(import.meta.dirname, "../..");
/** The node flags `npm start` runs with (package.json), so the runtime runs here as it does for users. */
const START_FLAGS = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } }
).scripts.start
  .split(" ")
  .filter((word) => word.startsWith("--"));

export interface RunningRuntime {
  url: string;
  /** The SQS/S3 emulator the runtime uses: its embedded one, or the shared one. */
  emulatorUrl: string;
  pid: number;
  dataDir: string;
  /**
   * The name the runtime gave a resource, from its logical id (scripts/local/names.ts):
   * `name("EventsQueue", "fifoQueue")` → `<prefix>-EventsQueue.fifo`.
   */
  name(logicalId: string, kind: LocalResourceKind): string;
  /**
   * The variables that make an operator CLI (`npm run consume`, `redrive`, …) act on this runtime, read
   * from the commands its banner prints (`EMULATOR_PORT=… LOCAL_NAME_PREFIX=… npm run consume`).
   */
  cliEnv: Record<string, string>;
  output: () => string;
  /** The events the default file destination has written so far. */
  delivered: () => { id: string; type: string; [key: string]: unknown }[];
  stop(): Promise<void>;
}

/**
 * Starts `npm start`'s entry point, with `npm start`'s node flags, as a real child process on free
 * ports, with its own data folder, and resolves once it prints its `ready <url>` line. `nodeArgs` go
 * to that node process too. Under vitest it uses the run's shared emulators (test/globalSetup.ts)
 * under a name prefix of its own, unless `env` names emulators (`EMULATOR_URL`) or asks for embedded
 * ones (`EMULATOR_PORT`, `DYNAMODB_PORT`, or a `HOST` they should listen on).
 */
export async function startRuntime(
  env: Record<string, string> = {},
  dataDir?: string,
  nodeArgs: readonly string[] = [],
): Promise<RunningRuntime> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), "neg-runtime-"));
  const shared = OWN_EMULATORS.some((name) => name in env) ? undefined : await sharedEmulators();
  const child: ChildProcess = spawn(
    process.execPath,
    [...START_FLAGS, ...nodeArgs, join(ROOT, "scripts/cli/start.ts")],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: "0",
        EMULATOR_PORT: "0",
        DYNAMODB_PORT: "0",
        BANDWIDTH_API_PORT: "0",
        FIREHOSE_PORT: "0",
        LOCAL_DATA_DIR: dir,
        LOCAL_RETRY_SECONDS: "1",
        // The log lines as Lambda writes them (JSON), so tests can read them; npm start's default is one short line each.
        LOG_FORMAT: "json",
        ...(shared ? { ...shared, LOCAL_NAME_PREFIX: namePrefixFor(dir) } : {}),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => {
      // Not left running: on a loaded machine a runtime that missed its start keeps taking CPU.
      child.kill("SIGKILL");
      fail(new Error(`runtime did not start:\n${output}`));
    }, 30_000);
    // Removed once ready: it searches the whole output so far, and a runtime printing WARN lines for
    // minutes (the fault scenarios) would have it search megabytes at every chunk.
    const onOutput = () => {
      const ready = /^ready (http:\/\/\S+)$/m.exec(output);
      if (ready?.[1]) {
        clearTimeout(timer);
        child.stdout?.off("data", onOutput);
        done(ready[1]);
      }
    };
    child.stdout?.on("data", onOutput);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`runtime exited with ${code}:\n${output}`));
    });
  });
  const eventsFile = join(dir, "events.jsonl");
  const prefix = /^ {2}((?:\w+=\S+ )*)npm run consume /m.exec(output)?.[1] ?? "";
  const cliEnv = Object.fromEntries(
    prefix
      .split(" ")
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );
  const namePrefix = cliEnv.LOCAL_NAME_PREFIX ?? "";
  return {
    url,
    emulatorUrl: emulatorUrlOf(output),
    pid: child.pid ?? 0,
    dataDir: dir,
    name: (logicalId, kind) => localName(logicalId, kind, namePrefix),
    cliEnv,
    output: () => output,
    delivered: () =>
      existsSync(eventsFile)
        ? readFileSync(eventsFile, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((line) => JSON.parse(line))
        : [],
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Variables in `startRuntime`'s `env` that mean the runtime's own emulators, or given ones. */
const OWN_EMULATORS = ["EMULATOR_URL", "DYNAMODB_URL", "EMULATOR_PORT", "DYNAMODB_PORT", "HOST"];

/** The run's shared emulators' variables when running under vitest (test/globalSetup.ts); else none. */
async function sharedEmulators(): Promise<{ EMULATOR_URL: string; DYNAMODB_URL: string } | undefined> {
  if (!process.env.VITEST) return undefined;
  const { inject } = await import("vitest");
  return inject("sharedEmulators");
}

/**
 * A runtime's names on the shared emulators: this worker process's id (files in other workers share
 * the emulators) and a digest of the data folder, so a runtime restarted on the same folder finds
 * its queues, messages and tables again (the crash and restart tests expect them back).
 */
function namePrefixFor(dataDir: string): string {
  const digest = createHash("sha256").update(resolve(dataDir)).digest("hex").slice(0, 8);
  return `t${process.pid.toString(36)}-${digest}`;
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * `npm start` reaching its SQS emulator through a switchable proxy that is down: the queue is
 * unreachable (publishing gives up after 600 ms) until `proxy.up()`; recovery runs every second.
 */
export async function startRuntimeWithQueueDown() {
  const proxy = await startSwitchableProxy();
  const runtime = await startRuntime({
    AWS_ENDPOINT_URL_SQS: proxy.url,
    PUBLISH_BUDGET_MS: "600",
    LOCAL_SCHEDULE_SECONDS: "1",
  });
  proxy.setTarget(emulatorUrlOf(runtime.output()));
  proxy.down();
  return {
    runtime,
    proxy,
    async stop() {
      await runtime.stop();
      await proxy.stop();
    },
  };
}
