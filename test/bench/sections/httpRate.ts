import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { localClientConfig } from "../../../scripts/local/clientConfig.ts";
import { startEmulatorsProcess } from "../../helpers/emulatorsProcess.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { eventually, type RunningRuntime, startRuntime } from "../../helpers/localRuntime.ts";
import { percentile, type Row, requestRate } from "../measure.ts";

const DURATION_MS = 5000;
/** The load generator's requests in flight, and the yardstick's sends in flight. */
const CONCURRENCY = 16;

const BODY = fixture("bandwidth/v1/portins-complete.xml");
const HEADERS = {
  "content-type": "application/xml",
  authorization: `Basic ${Buffer.from("bandwidth:local-dev-password").toString("base64")}`,
};

type Rate = Awaited<ReturnType<typeof requestRate>>;

/**
 * The local ingest endpoint's request rate (authenticate, parse, normalize, durable SQS send) next
 * to its yardstick: the emulator's own raw `SendMessage` rate on the same events queue, sent from
 * this one process, `CONCURRENCY` at a time as the load generator, with the ingest publisher's client
 * settings and a copy of the very message ingest queued (body and attributes, the compressed raw
 * request included), each under its own group and deduplication id as ingest's are.
 *
 * The goal row is the endpoint alone: `npm start` with `LOCAL_CONSUMERS=off`, so what is measured is
 * what a test's webhooks meet, not the fan-out and deliver consumers that, with the pipeline
 * running, receive, delete and send again every event on the same emulator (several queue writes
 * per event against ingest's one). That rate, with the pipeline draining what ingest queues, is
 * measured too, on a fresh instance, beside the same yardstick. Both with the emulators embedded
 * (`npm start`'s default, one event loop for emulators and handlers) and in their own process
 * (`npm run emulators`). A bare node:http server is listed for scale. Each server has its own process.
 */
export async function httpRate(): Promise<Row[]> {
  const bare = await startBareServer();
  const bareResult = await requestRate(
    () => fetch(bare.url, { method: "POST", headers: HEADERS, body: BODY }),
    { concurrency: CONCURRENCY, durationMs: DURATION_MS, expectStatus: 200 },
  );
  bare.child.kill();
  const embedded = await ingestBesideQueue(false);
  const separate = await ingestBesideQueue(true);
  const latencies = ({ latencies }: Rate) =>
    `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`;
  const rows = (id: string, where: string, { raw, alone, draining }: typeof embedded): Row[] => [
    {
      id: `queue.rawSendRate${id}`,
      section: "HTTP rate",
      name: `raw SendMessage to the events queue from one process, ${CONCURRENCY} at a time, ${where}`,
      value: raw,
      unit: "msg/s",
    },
    {
      id: `ingest.rate${id}`,
      section: "HTTP rate",
      name: `local ingest endpoint alone (LOCAL_CONSUMERS=off), ${where} (${latencies(alone)})`,
      value: alone.rate,
      unit: "req/s",
      baseline: { name: "raw SendMessage", ratio: alone.rate / raw },
      goal: "≥ 0.8×",
    },
    {
      id: `ingest.rateDraining${id}`,
      section: "HTTP rate",
      name: `local ingest endpoint while fan-out and deliver drain it, ${where} (${latencies(draining)})`,
      value: draining.rate,
      unit: "req/s",
      baseline: { name: "raw SendMessage", ratio: draining.rate / raw },
    },
  ];
  return [
    {
      id: "http.bareRate",
      section: "HTTP rate",
      name: "bare node:http server",
      value: bareResult.rate,
      unit: "req/s",
    },
    ...rows("", "emulators embedded (npm start)", embedded),
    ...rows("SeparateEmulators", "emulators in their own process", separate),
    {
      id: "ingest.p50Millis",
      section: "HTTP rate",
      name: "local ingest endpoint alone, emulators embedded, median request time",
      value: percentile(embedded.alone.latencies, 50),
      unit: "ms",
    },
  ];
}

/**
 * On one runtime with its consumers off: the queue's raw rate, then the ingest endpoint's. Then, on a
 * fresh runtime with its consumers on, the endpoint's rate while the pipeline drains what it queues.
 */
async function ingestBesideQueue(separateEmulators: boolean) {
  const paused = await startInstance(separateEmulators, { LOCAL_CONSUMERS: "off" });
  await (await paused.send()).arrayBuffer();
  const raw = await rawSendRate(paused.runtime.emulatorUrl);
  const alone = await requestRate(paused.send, {
    concurrency: CONCURRENCY,
    durationMs: DURATION_MS,
    expectStatus: 200,
  });
  await paused.stop();
  const running = await startInstance(separateEmulators, {});
  await (await running.send()).arrayBuffer();
  await eventually(() => (running.runtime.delivered().length > 0 ? true : undefined));
  const draining = await requestRate(running.send, {
    concurrency: CONCURRENCY,
    durationMs: DURATION_MS,
    expectStatus: 200,
  });
  await running.stop();
  return { raw, alone, draining };
}

/** `npm start` on a data folder of its own (and its own `npm run emulators`, if separate), quiet. */
async function startInstance(separateEmulators: boolean, env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "neg-rate-"));
  const emulators = separateEmulators ? await startEmulatorsProcess(dir) : undefined;
  const runtime: RunningRuntime = await startRuntime(
    { POWERTOOLS_LOG_LEVEL: "SILENT", ...emulators?.env, ...env },
    dir,
  );
  let counter = 0;
  return {
    runtime,
    // Distinct orders, so FIFO deduplication (on the event id) does not turn the run into a no-op.
    send: () =>
      fetch(`${runtime.url}/bandwidth/v1/notifications`, {
        method: "POST",
        headers: HEADERS,
        body: BODY.replaceAll("ee456cfb-d237-4adc-b3f8-9db03d2e62a2", `bench-order-${counter++}`),
      }),
    async stop() {
      await runtime.stop();
      await emulators?.stop();
    },
  };
}

/**
 * Messages per second `CONCURRENCY` senders put on the events queue of the emulator at `endpoint`,
 * each a copy of the message ingest queued there last (its consumers are off, so it is still there).
 */
async function rawSendRate(endpoint: string): Promise<number> {
  // The ingest publisher's settings (lib/aws/sqsClient.ts, "publish"), pointed at the emulator.
  const client = new SQSClient({
    ...localClientConfig(endpoint),
    maxAttempts: 1,
    useQueueUrlAsEndpoint: false,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
  });
  const { QueueUrl: queueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: "EventsQueue.fifo" }));
  const { Messages: [queued] = [] } = await client.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageAttributeNames: ["All"], WaitTimeSeconds: 1 }),
  );
  if (!queued) throw new Error("ingest queued nothing to copy");
  const attributes = Object.fromEntries(
    Object.entries(queued.MessageAttributes ?? {}).map(([name, { DataType, StringValue, BinaryValue }]) => [
      name,
      { DataType, StringValue, BinaryValue },
    ]),
  );
  let sent = 0;
  const until = performance.now() + DURATION_MS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const n = sent++;
        await client.send(
          new SendMessageCommand({
            QueueUrl: queueUrl,
            MessageBody: queued.Body,
            MessageGroupId: `bench-group-${n}`,
            MessageDeduplicationId: `bench-message-${n}`,
            MessageAttributes: attributes,
          }),
        );
      }
    }),
  );
  const rate = sent / ((performance.now() - started) / 1000);
  client.destroy();
  return rate;
}

/** A bare node:http server in a child process: reads the body, answers 200. */
export async function startBareServer(): Promise<{ url: string; child: ChildProcess }> {
  const source = `
    const http = require("node:http");
    const server = http.createServer((req, res) => { req.resume(); req.on("end", () => res.writeHead(200).end("{}")); });
    server.listen(0, "127.0.0.1", () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ["-e", source], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((done) =>
    child.stdout?.once("data", (chunk) => done(String(chunk).trim())),
  );
  return { url: `http://127.0.0.1:${port}/`, child };
}
