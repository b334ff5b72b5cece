/**
 * `npm start`: the whole pipeline on this machine — HTTP ingest → embedded SQS → fan-out →
 * destinations — with the same handlers and routes as the AWS deployment.
 */
import { resolve } from "node:path";
import { intEnv } from "../config/env.ts";
import { startLocalRuntime } from "../local/runtime.ts";
import { banner } from "./banner.ts";

const root = resolve(import.meta.dirname, "../..");
const runtime = await startLocalRuntime({
  root,
  host: process.env.HOST ?? "127.0.0.1",
  port: process.env.PORT === "0" ? 0 : intEnv("PORT", 3000),
  emulatorPort: process.env.EMULATOR_PORT === "0" ? 0 : intEnv("EMULATOR_PORT", 4566),
  dynamoDbPort: process.env.DYNAMODB_PORT === "0" ? 0 : intEnv("DYNAMODB_PORT", 8000),
  dataDir: resolve(root, process.env.LOCAL_DATA_DIR ?? ".local"),
  retryDelaySeconds: intEnv("LOCAL_RETRY_SECONDS", 5),
  scheduleSeconds: intEnv("LOCAL_SCHEDULE_SECONDS", 30),
});
console.log(banner(runtime));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await runtime.stop();
    process.exit(0);
  });
}
