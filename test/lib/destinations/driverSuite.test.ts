import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sqs } from "../../../lib/aws/sqs.ts";
import type { DestinationConfig, DestinationDriver } from "../../../lib/destinations/driver.ts";
import { createEventBridgeDriver } from "../../../lib/destinations/eventbridge.ts";
import { fileDriver } from "../../../lib/destinations/file.ts";
import { httpDriver } from "../../../lib/destinations/http.ts";
import { createSnsDriver } from "../../../lib/destinations/sns.ts";
import { createSqsDriver } from "../../../lib/destinations/sqs.ts";
import { DeliveryError } from "../../../lib/errors.ts";
import type { CanonicalEvent } from "../../../lib/event/canonical.ts";
import { localServiceEnvironment } from "../../../scripts/local/clientConfig.ts";
import { drain, startEmulator } from "../../helpers/emulator.ts";
import { recordingEventBridge } from "../../helpers/eventBridgeRecorder.ts";
import { orderEvent } from "../../helpers/events.ts";
import { startReceiver } from "../../helpers/httpReceiver.ts";

// biome-ignore lint/suspicious/noExplicitAny: the suite runs over drivers of every config and wire type.
type Driver = DestinationDriver<any, any>;
interface Target {
  driver: Driver;
  raw: Record<string, unknown>;
}
/** One destination type made real: where a delivery succeeds, fails retryably, and is refused. */
interface Harness {
  ok: Target;
  /** The canonical events that arrived at `ok`, in order. */
  arrived(): Promise<CanonicalEvent[]>;
  retryable: Target;
  permanent: Target;
  stop(): Promise<void>;
}

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

const aws = { region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } };
/** A real network failure: nothing listens on port 1. */
const unreachable = { ...aws, endpoint: "http://127.0.0.1:1", maxAttempts: 1 };
const tmp = () => mkdtempSync(join(tmpdir(), "driver-suite-"));

const harnesses: Record<string, () => Promise<Harness>> = {
  async http() {
    const ok = await startReceiver(() => ({ status: 200 }));
    const down = await startReceiver(() => ({ status: 503 }));
    const refusing = await startReceiver(() => ({ status: 422 }));
    return {
      ok: { driver: httpDriver, raw: { url: ok.url } },
      arrived: async () => ok.received.map((request) => JSON.parse(request.body)),
      retryable: { driver: httpDriver, raw: { url: down.url } },
      permanent: { driver: httpDriver, raw: { url: refusing.url } },
      stop: async () => {
        await Promise.all([ok.stop(), down.stop(), refusing.stop()]);
      },
    };
  },
  async sqs() {
    const driver = createSqsDriver(emulator.sqs);
    const { QueueUrl } = await emulator.client.send(
      new CreateQueueCommand({ QueueName: `suite-${Date.now()}.fifo`, Attributes: { FifoQueue: "true" } }),
    );
    const queueUrl = QueueUrl ?? "";
    const offline = sqs("destination", localServiceEnvironment("sqs", unreachable.endpoint));
    return {
      ok: { driver, raw: { queueUrl } },
      arrived: async () => (await drain(emulator.client, queueUrl)).map((m) => JSON.parse(m.Body ?? "")),
      retryable: { driver: createSqsDriver(offline), raw: { queueUrl } },
      permanent: { driver, raw: { queueUrl: queueUrl.replace(/suite-\d+/, "no-such-queue") } },
      stop: async () => {},
    };
  },
  async sns() {
    const sns = new SNSClient({ ...aws, endpoint: emulator.server.address });
    const driver = createSnsDriver(() => sns);
    const { TopicArn = "" } = await sns.send(new CreateTopicCommand({ Name: `suite-${Date.now()}` }));
    const { QueueUrl = "" } = await emulator.client.send(
      new CreateQueueCommand({ QueueName: `sub-${Date.now()}` }),
    );
    const { Attributes } = await emulator.client.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
    );
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: "sqs",
        Endpoint: Attributes?.QueueArn,
        Attributes: { RawMessageDelivery: "true" },
      }),
    );
    const offline = new SNSClient(unreachable);
    return {
      ok: { driver, raw: { topicArn: TopicArn } },
      arrived: async () => (await drain(emulator.client, QueueUrl)).map((m) => JSON.parse(m.Body ?? "")),
      retryable: { driver: createSnsDriver(() => offline), raw: { topicArn: TopicArn } },
      permanent: { driver, raw: { topicArn: `${TopicArn}-no-such-topic` } },
      stop: async () => {
        sns.destroy();
        offline.destroy();
      },
    };
  },
  async eventbridge() {
    const accepted = recordingEventBridge({
      status: 200,
      body: { FailedEntryCount: 0, Entries: [{ EventId: "1" }] },
    });
    const throttled = recordingEventBridge({
      status: 200,
      body: {
        FailedEntryCount: 1,
        Entries: [{ ErrorCode: "ThrottlingException", ErrorMessage: "Rate exceeded" }],
      },
    });
    const denied = recordingEventBridge({
      status: 400,
      body: { __type: "AccessDeniedException", message: "not authorized to perform events:PutEvents" },
    });
    return {
      ok: { driver: createEventBridgeDriver(() => accepted.client), raw: { eventBusName: "numbers" } },
      arrived: async () =>
        accepted.requests.map((request) => {
          const [entry] = request.body.Entries as { Detail: string }[];
          return JSON.parse(entry?.Detail ?? "");
        }),
      retryable: { driver: createEventBridgeDriver(() => throttled.client), raw: {} },
      permanent: { driver: createEventBridgeDriver(() => denied.client), raw: {} },
      stop: async () => {},
    };
  },
  async file() {
    const path = join(tmp(), "events.jsonl");
    const blocker = join(tmp(), "a-file");
    writeFileSync(blocker, "");
    return {
      ok: { driver: fileDriver, raw: { path } },
      arrived: async () =>
        existsSync(path)
          ? readFileSync(path, "utf8")
              .split("\n")
              .filter(Boolean)
              .map((line) => JSON.parse(line))
          : [],
      // Linux's /dev/full answers every write with ENOSPC: a full disk, which can clear.
      retryable: { driver: fileDriver, raw: { path: "/dev/full" } },
      // A path below a regular file (ENOTDIR) cannot work until the config changes.
      permanent: { driver: fileDriver, raw: { path: join(blocker, "events.jsonl") } },
      stop: async () => {},
    };
  },
};

const event = orderEvent("order-1", 1);

async function attempt(target: Target, type: string): Promise<DeliveryError | undefined> {
  const config: DestinationConfig = target.driver.parseConfig(
    { name: "dest", type, ...target.raw },
    "destinations[0]",
  );
  return target.driver
    .deliver(target.driver.format(event, config), config)
    .then(() => undefined)
    .catch((error: unknown) => error as DeliveryError);
}

describe.each(Object.keys(harnesses))("%s destination (shared driver suite)", (type) => {
  let harness: Harness;
  afterEach(() => harness?.stop());
  const setUp = async () => {
    harness = await (harnesses[type] as () => Promise<Harness>)();
    return harness;
  };

  it("formats purely: the same event and config give the same output, carrying the whole event", async () => {
    const { ok } = await setUp();
    const config = ok.driver.parseConfig({ name: "dest", type, ...ok.raw }, "destinations[0]");
    const first = ok.driver.format(event, config);
    expect(ok.driver.format(structuredClone(event), config)).toEqual(first);
    expect(JSON.stringify(first)).toContain(JSON.stringify(JSON.stringify(event)).slice(1, -1));
  });

  it("delivers the canonical event once", async () => {
    const { ok, arrived } = await setUp();
    expect(await attempt(ok, type)).toBeUndefined();
    expect(await arrived()).toEqual([event]);
  });

  it("reports a failure that may clear as retryable", async () => {
    const { retryable } = await setUp();
    const error = await attempt(retryable, type);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error?.retryable).toBe(true);
  });

  it("reports a refusal as permanent", async () => {
    const { permanent } = await setUp();
    const error = await attempt(permanent, type);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error?.retryable).toBe(false);
  });
});
