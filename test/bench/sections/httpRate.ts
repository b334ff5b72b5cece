import { type ChildProcess, spawn } from "node:child_process";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { localClientConfig } from "../../../scripts/local/clientConfig.ts";
import { createFifoQueue } from "../../helpers/emulator.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { eventually, startRuntime } from "../../helpers/localRuntime.ts";
import { percentile, type Row, requestRate } from "../measure.ts";

const DURATION_MS = 5000;
const CONCURRENCY = 16;

/**
 * The local ingest endpoint's request rate (authenticate, parse, normalize, durable SQS send) next
 * to its yardstick: the embedded queue's own raw `SendMessage` rate, sent from this one process
 * with the ingest publisher's client settings and a message of the same shape (the canonical event,
 * the raw request as a binary attribute) to a queue of its own on the runtime's emulator. A bare
 * node:http server is listed too, for scale. Each server runs in its own process.
 */
export async function httpRate(): Promise<Row[]> {
  const body = fixture("bandwidth/v1/portins-complete.xml");
  const headers = {
    "content-type": "application/xml",
    authorization: `Basic ${Buffer.from("bandwidth:local-dev-password").toString("base64")}`,
  };

  const bare = await startBareServer();
  const bareResult = await requestRate(() => fetch(bare.url, { method: "POST", headers, body }), {
    concurrency: CONCURRENCY,
    durationMs: DURATION_MS,
    expectStatus: 200,
  });
  bare.child.kill();

  const runtime = await startRuntime({ POWERTOOLS_LOG_LEVEL: "SILENT" });
  let counter = 0;
  // Distinct orders, so FIFO deduplication (on the event id) does not turn the run into a no-op.
  const send = () =>
    fetch(`${runtime.url}/bandwidth/v1/notifications`, {
      method: "POST",
      headers,
      body: body.replaceAll("ee456cfb-d237-4adc-b3f8-9db03d2e62a2", `bench-order-${counter++}`),
    });
  await (await send()).arrayBuffer();
  const [event] = await eventually(() => (runtime.delivered().length > 0 ? runtime.delivered() : undefined));
  const raw = await rawSendRate(runtime.emulatorUrl, JSON.stringify(event), Buffer.from(body));
  const result = await requestRate(send, {
    concurrency: CONCURRENCY,
    durationMs: DURATION_MS,
    expectStatus: 200,
  });
  await runtime.stop();
  return [
    {
      id: "http.bareRate",
      section: "HTTP rate",
      name: "bare node:http server",
      value: bareResult.rate,
      unit: "req/s",
    },
    {
      id: "queue.rawSendRate",
      section: "HTTP rate",
      name: "embedded queue's raw SendMessage from one process",
      value: raw,
      unit: "msg/s",
    },
    {
      id: "ingest.rate",
      section: "HTTP rate",
      name: `local ingest endpoint (p50 ${percentile(result.latencies, 50).toFixed(1)} ms, p99 ${percentile(result.latencies, 99).toFixed(1)} ms)`,
      value: result.rate,
      unit: "req/s",
      baseline: { name: "raw SendMessage", ratio: result.rate / raw },
      goal: "≥ 0.8×",
    },
    {
      id: "ingest.p50Millis",
      section: "HTTP rate",
      name: "local ingest endpoint, median request time",
      value: percentile(result.latencies, 50),
      unit: "ms",
    },
  ];
}

/** Messages per second `CONCURRENCY` senders put on a fresh FIFO queue of the emulator at `endpoint`. */
async function rawSendRate(endpoint: string, messageBody: string, raw: Buffer): Promise<number> {
  // The ingest publisher's settings (lib/aws/sqsClient.ts, "publish"), pointed at the emulator.
  const client = new SQSClient({
    ...localClientConfig(endpoint),
    maxAttempts: 1,
    useQueueUrlAsEndpoint: false,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
  });
  const queueUrl = await createFifoQueue(client, "BenchRawSend");
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
            MessageBody: messageBody,
            MessageGroupId: `group-${n}`,
            MessageDeduplicationId: `message-${n}`,
            MessageAttributes: {
              type: { DataType: "String", StringValue: "port_in.complete" },
              raw: { DataType: "Binary", BinaryValue: raw },
            },
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
