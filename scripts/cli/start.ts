/**
 * `npm start`: the whole pipeline on this machine — HTTP ingest → embedded SQS → fan-out →
 * destinations — with the same handlers and routes as the AWS deployment. Every local service
 * listens on `HOST` only (127.0.0.1 by default): none of them asks for credentials.
 * With `EMULATOR_URL` and `DYNAMODB_URL` (printed by `npm run emulators`) it uses those emulators,
 * running in their own process, instead of starting its own.
 */
import { resolve } from "node:path";
import { intEnv } from "../../lib/config/env.ts";
import { PortInUseError } from "../local/listen.ts";
import { LOCAL_PORTS, localPort } from "../local/names.ts";
import { startLocalRuntime } from "../local/runtime.ts";
import { banner } from "./banner.ts";

const root = resolve(import.meta.dirname, "../..");
const { EMULATOR_URL, DYNAMODB_URL } = process.env;
if (Boolean(EMULATOR_URL) !== Boolean(DYNAMODB_URL)) {
  console.error(
    "npm start: set both EMULATOR_URL and DYNAMODB_URL (npm run emulators prints them), or neither",
  );
  process.exit(1);
}

let runtime: Awaited<ReturnType<typeof startLocalRuntime>>;
try {
  runtime = await startLocalRuntime({
    root,
    host: process.env.HOST || "127.0.0.1",
    port: localPort("PORT", 3000),
    emulatorPort: localPort("EMULATOR_PORT", LOCAL_PORTS.EMULATOR_PORT),
    dynamoDbPort: localPort("DYNAMODB_PORT", LOCAL_PORTS.DYNAMODB_PORT),
    dataDir: resolve(root, process.env.LOCAL_DATA_DIR ?? ".local"),
    retryDelaySeconds: intEnv("LOCAL_RETRY_SECONDS", 5),
    scheduleSeconds: intEnv("LOCAL_SCHEDULE_SECONDS", 30),
    ...(EMULATOR_URL && DYNAMODB_URL
      ? { emulators: { emulatorUrl: EMULATOR_URL, dynamoDbUrl: DYNAMODB_URL } }
      : {}),
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
