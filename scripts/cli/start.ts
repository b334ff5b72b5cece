/**
 * `npm start`: the whole pipeline on this machine — HTTP ingest → embedded SQS → fan-out →
 * destinations — with the same handlers and routes as the AWS deployment. Every local service
 * listens on `HOST` only (127.0.0.1 by default): none of them asks for credentials.
 */
import { resolve } from "node:path";
import { intEnv } from "../../lib/config/env.ts";
import { PortInUseError } from "../local/listen.ts";
import { LOCAL_PORTS } from "../local/names.ts";
import { startLocalRuntime } from "../local/runtime.ts";
import { banner } from "./banner.ts";

const root = resolve(import.meta.dirname, "../..");
const port = (name: string, fallback: number) => (process.env[name] === "0" ? 0 : intEnv(name, fallback));

let runtime: Awaited<ReturnType<typeof startLocalRuntime>>;
try {
  runtime = await startLocalRuntime({
    root,
    host: process.env.HOST || "127.0.0.1",
    port: port("PORT", 3000),
    emulatorPort: port("EMULATOR_PORT", LOCAL_PORTS.EMULATOR_PORT),
    dynamoDbPort: port("DYNAMODB_PORT", LOCAL_PORTS.DYNAMODB_PORT),
    bandwidthApiPort: port("BANDWIDTH_API_PORT", LOCAL_PORTS.BANDWIDTH_API_PORT),
    dataDir: resolve(root, process.env.LOCAL_DATA_DIR ?? ".local"),
    retryDelaySeconds: intEnv("LOCAL_RETRY_SECONDS", 5),
    scheduleSeconds: intEnv("LOCAL_SCHEDULE_SECONDS", 30),
  });
} catch (error) {
  // A taken port is a one-line answer naming the variable to set, not a stack trace.
  if (!(error instanceof PortInUseError)) throw error;
  console.error(`npm start: ${error.message}`);
  process.exit(1);
}
console.log(banner(runtime));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await runtime.stop();
    process.exit(0);
  });
}
