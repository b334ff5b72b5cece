import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { ListQueuesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { localClientConfig } from "../../scripts/local/clientConfig.ts";

/**
 * `npm run emulators` as a child process on free ports, keeping its state under `dataDir`, or in
 * memory only without one (`LOCAL_PERSIST=off`). It has an IPC channel to this process, so it ends
 * when this process does, even killed (scripts/cli/emulators.ts). `env` goes to it last.
 */
export async function startEmulatorsProcess(dataDir?: string, env: Record<string, string> = {}) {
  const child: ChildProcess = spawn(
    process.execPath,
    [resolve(import.meta.dirname, "../../scripts/cli/emulators.ts")],
    {
      env: {
        ...process.env,
        EMULATOR_PORT: "0",
        DYNAMODB_PORT: "0",
        ...(dataDir ? { LOCAL_DATA_DIR: dataDir, LOCAL_PERSIST: "on" } : { LOCAL_PERSIST: "off" }),
        ...env,
      },
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    },
  );
  const line = await new Promise<string>((done, fail) => {
    child.stdout?.once("data", (chunk) => done(String(chunk)));
    child.once("exit", (code) => fail(new Error(`npm run emulators exited with ${code} before starting`)));
  });
  // The channel only tells the child when this process is gone; it must not keep this one running.
  child.channel?.unref();
  const urls = Object.fromEntries(
    line
      .trim()
      .split(" ")
      .map((pair) => pair.split("=")),
  );
  return {
    pid: child.pid ?? 0,
    /** The variables that point `npm start` at these emulators. */
    env: { EMULATOR_URL: String(urls.EMULATOR_URL), DYNAMODB_URL: String(urls.DYNAMODB_URL) },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The names of every queue on the SQS emulator at `emulatorUrl`. */
export async function queueNamesAt(emulatorUrl: string): Promise<string[]> {
  const client = new SQSClient(localClientConfig(emulatorUrl));
  try {
    const { QueueUrls = [] } = await client.send(new ListQueuesCommand({}));
    return QueueUrls.map((url) => url.split("/").at(-1) ?? "");
  } finally {
    client.destroy();
  }
}
