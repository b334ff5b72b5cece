import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localClientConfig } from "../../scripts/local/clientConfig.ts";
import { runCliStatus } from "../helpers/cli.ts";
import { fixture } from "../helpers/fixtures.ts";
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
    const answer = await fetch(`${runtime.url}/bandwidth/v1/notifications`, {
      method: "POST",
      headers: {
        "content-type": "application/xml",
        authorization: `Basic ${Buffer.from("bandwidth:local-dev-password").toString("base64")}`,
      },
      body: fixture("bandwidth/v1/portins-complete.xml"),
    });
    expect(answer.status).toBe(200);
    const { id } = (await answer.json()) as { id: string };
    const client = new SQSClient({ ...localClientConfig(runtime.emulatorUrl), useQueueUrlAsEndpoint: false });
    try {
      const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: "EventsQueue.fifo" }));
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1, VisibilityTimeout: 0 }),
      );
      expect(Messages.map((message) => (JSON.parse(message.Body ?? "{}") as { id?: string }).id)).toEqual([
        id,
      ]);
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
