import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { localClientConfig } from "../../../scripts/local/clientConfig.ts";
import { createFifoQueue } from "../../helpers/emulator.ts";
import { startEmulatorsProcess } from "../../helpers/emulatorsProcess.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { eventually, startRuntime } from "../../helpers/localRuntime.ts";
import { percentile, type Row, requestRate } from "../measure.ts";

const DURATION_MS = 5000;
const CONCURRENCY = 16;

const BODY = fixture("bandwidth/v1/portins-complete.xml");
const HEADERS = {
  "content-type": "application/xml",
  authorization: `Basic ${Buffer.from("bandwidth:local-dev-password").toString("base64")}`,
};

/**
 * The local ingest endpoint's request rate (authenticate, parse, normalize, durable SQS send) next
 * to its yardstick: the queue's own raw `SendMessage` rate, sent from this one process with the
 * ingest publisher's client settings and a message of the same shape (the canonical event, the raw
 * request as a binary attribute) to a queue of its own on the same emulator. Measured twice: as
 * `npm start` runs by default (emulators in the runtime's process, sharing its event loop with the
 * handlers and the consumers the ingested events feed), and with the emulators in their own process
 * (`npm run emulators`). A bare node:http server is listed for scale. Each server has its own process.
 */
export async function httpRate(): Promise<Row[]> {
  const bare = await startBareServer();
  const bareResult = await requestRate(
    () => fetch(bare.url, { method: "POST", headers: HEADERS, body: BODY }),
    {
      concurrency: CONCURRENCY,
      durationMs: DURATION_MS,
      expectStatus: 200,
    },
  );
  bare.child.kill();
  const embedded = await ingestBesideQueue(false);
  const separate = await ingestBesideQueue(true);
  const rows = (id: string, where: string, { raw, ingest }: typeof embedded): Row[] => [
    {
      id: `queue.rawSendRate${id}`,
      section: "HTTP rate",
      name: `raw SendMessage from one process, ${where}`,
      value: raw,
      unit: "msg/s",
    },
    {
      id: `ingest.rate${id}`,
      section: "HTTP rate",
      name: `local ingest endpoint, ${where} (p50 ${percentile(ingest.latencies, 50).toFixed(1)} ms, p99 ${percentile(ingest.latencies, 99).toFixed(1)} ms)`,
      value: ingest.rate,
      unit: "req/s",
      baseline: { name: "raw SendMessage", ratio: ingest.rate / raw },
      goal: "≥ 0.8×",
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
      name: "local ingest endpoint, emulators embedded, median request time",
      value: percentile(embedded.ingest.latencies, 50),
      unit: "ms",
    },
  ];
}

/** The queue's raw rate, then the ingest endpoint's, on one runtime (its emulators embedded or not). */
async function ingestBesideQueue(separateEmulators: boolean) {
  const dir = mkdtempSync(join(tmpdir(), "neg-rate-"));
  const emulators = separateEmulators ? await startEmulatorsProcess(dir) : undefined;
  const runtime = await startRuntime({ POWERTOOLS_LOG_LEVEL: "SILENT", ...emulators?.env }, dir);
  let counter = 0;
  // Distinct orders, so FIFO deduplication (on the event id) does not turn the run into a no-op.
  const send = () =>
    fetch(`${runtime.url}/bandwidth/v1/notifications`, {
      method: "POST",
      headers: HEADERS,
      body: BODY.replaceAll("ee456cfb-d237-4adc-b3f8-9db03d2e62a2", `bench-order-${counter++}`),
    });
  await (await send()).arrayBuffer();
  const [event] = await eventually(() => (runtime.delivered().length > 0 ? runtime.delivered() : undefined));
  const raw = await rawSendRate(runtime.emulatorUrl, JSON.stringify(event), Buffer.from(BODY));
  const ingest = await requestRate(send, {
    concurrency: CONCURRENCY,
    durationMs: DURATION_MS,
    expectStatus: 200,
  });
  await runtime.stop();
  await emulators?.stop();
  return { raw, ingest };
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
