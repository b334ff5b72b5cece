import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localClientConfig } from "../../scripts/local/clientConfig.ts";
import { bandwidthNotification, sendBandwidthV1 } from "../faults/harness.ts";
import { runCliStatus } from "../helpers/cli.ts";
import { eventually, type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";

describe("npm start with LOCAL_CONSUMERS=off", () => {
  let runtime: RunningRuntime;
  beforeAll(async () => {
    runtime = await startRuntime({ LOCAL_CONSUMERS: "off" });
  });
  afterAll(async () => {
    await runtime.stop();
  });

  it("answers and queues a webhook, leaves the event on the events queue, and delivers it once restarted with consumers", async () => {
    expect(runtime.output()).toContain("LOCAL_CONSUMERS=off");
    expect(await sendBandwidthV1(runtime, bandwidthNotification(0))).toBe(200);
    let id: string | undefined;
    const client = new SQSClient({ ...localClientConfig(runtime.emulatorUrl), useQueueUrlAsEndpoint: false });
    try {
      const { QueueUrl } = await client.send(
        new GetQueueUrlCommand({ QueueName: runtime.name("EventsQueue", "fifoQueue") }),
      );
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1, VisibilityTimeout: 0 }),
      );
      expect(Messages).toHaveLength(1);
      id = (JSON.parse(Messages[0]?.Body ?? "{}") as { id?: string }).id;
      expect(id).toMatch(/^[0-9a-f]{64}$/);
      expect(runtime.delivered()).toEqual([]);
    } finally {
      client.destroy();
    }
    await runtime.stop();
    runtime = await startRuntime({}, runtime.dataDir);
    await eventually(() => runtime.delivered().find((event) => event.id === id));
  });

  it("refuses a value other than on or off", async () => {
    const { code, stderr } = await runCliStatus("start", [], { LOCAL_CONSUMERS: "paused" });
    expect(code).not.toBe(0);
    expect(stderr).toContain('LOCAL_CONSUMERS must be "on" or "off"');
  });
});
