import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateQueueCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterEach, describe, expect, it } from "vitest";
import { localClientConfig } from "../../scripts/local/clientConfig.ts";
import { runCliStatus } from "../helpers/cli.ts";
import { queueNamesAt, startEmulatorsProcess } from "../helpers/emulatorsProcess.ts";

type Emulators = Awaited<ReturnType<typeof startEmulatorsProcess>>;

/** Creates a queue on the emulators and sends it one message; answers the queue names they list. */
async function useQueue(emulators: Emulators): Promise<string[]> {
  const client = new SQSClient(localClientConfig(emulators.env.EMULATOR_URL));
  try {
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: "kept-or-not" }));
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: "hello" }));
  } finally {
    client.destroy();
  }
  return queueNamesAt(emulators.env.EMULATOR_URL);
}

let running: Emulators | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe("npm run emulators and LOCAL_PERSIST", () => {
  // That the stores kept there survive a restart is test/scripts/local/sqliteSync.test.ts's and the
  // restart test's in test/e2e/bandwidthV1.e2e.test.ts; here, where each mode writes.
  it("keeps its stores under the data folder by default", async () => {
    const dir = mkdtempSync(join(tmpdir(), "neg-persist-on-"));
    running = await startEmulatorsProcess(dir);
    expect(await useQueue(running)).toEqual(["kept-or-not"]);
    await running.stop();
    expect(readdirSync(dir).sort()).toEqual(["dynamodb", "sqs"]);
  });

  it("with LOCAL_PERSIST=off writes nothing to the data folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "neg-persist-off-"));
    running = await startEmulatorsProcess(dir, { LOCAL_PERSIST: "off" });
    expect(await useQueue(running)).toEqual(["kept-or-not"]);
    await running.stop();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses any other LOCAL_PERSIST in one line", async () => {
    const { code, stderr } = await runCliStatus("emulators", [], {
      LOCAL_PERSIST: "no",
      EMULATOR_PORT: "0",
      DYNAMODB_PORT: "0",
    });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('npm run emulators: LOCAL_PERSIST: must be "on" or "off"');
  });
});
