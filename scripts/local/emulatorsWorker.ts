/**
 * The worker thread `startEmulatorsThread` (scripts/local/emulatorsThread.ts) runs: starts the
 * emulators, posts their URLs, and stops them (closing their stores) when told to; the thread then ends.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type EmulatorOptions, type EmulatorUrls, startEmulators } from "./emulators.ts";

const port = parentPort;
if (!port) throw new Error("scripts/local/emulatorsWorker.ts runs as a worker thread only");
const emulators = await startEmulators(workerData as EmulatorOptions);
port.postMessage({
  emulatorUrl: emulators.emulatorUrl,
  dynamoDbUrl: emulators.dynamoDbUrl,
} satisfies EmulatorUrls);
port.once("message", async () => {
  await emulators.stop();
  port.close();
});
