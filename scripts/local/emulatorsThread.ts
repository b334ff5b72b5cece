import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { EmulatorOptions, EmulatorUrls, RunningEmulators } from "./emulators.ts";

/**
 * The emulators (`startEmulators`, scripts/local/emulators.ts) on a worker thread of this process:
 * `npm start`'s embedded emulators, so they answer on an event loop (and a core) of their own
 * instead of taking turns with the handlers that call them. An error that escapes them ends the process, as it did when they shared its thread.
 * This module loads neither emulator: only the thread does, once.
 */
export async function startEmulatorsThread(options: EmulatorOptions): Promise<RunningEmulators> {
  const worker = new Worker(new URL("./emulatorsWorker.ts", import.meta.url), { workerData: options });
  const urls = await new Promise<EmulatorUrls>((done, fail) => {
    worker.once("message", done);
    worker.once("error", fail);
  });
  worker.removeAllListeners("error");
  worker.on("error", (error) => {
    throw error;
  });
  return {
    ...urls,
    async stop() {
      const exited = once(worker, "exit");
      worker.postMessage("stop");
      await exited;
    },
  };
}
