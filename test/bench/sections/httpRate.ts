import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SendMessageRequest,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { sqsSendMessage } from "../../../lib/aws/sqs.ts";
import { localClientConfig, localServiceEnvironment } from "../../../scripts/local/clientConfig.ts";
import { startEmulatorsProcess } from "../../helpers/emulatorsProcess.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { eventually, type RunningRuntime, startRuntime } from "../../helpers/localRuntime.ts";
import { procCpuSeconds } from "../../helpers/procCpu.ts";
import { percentile, type Row, requestRate } from "../measure.ts";

const DURATION_MS = 5000;
/**
 * The endpoint and its yardstick are measured in turns, this many slices each (ABBA: yardstick,
 * endpoint, endpoint, yardstick, …), so a change in the machine's load (it is shared) weighs on both alike.
 */
const SLICES = 6;
/** Unmeasured load on each before the slices: JIT warm-up of the handlers (on each handler thread) and of the client. */
const WARM_UP_MS = 1000;
/** The load generator's requests in flight, and the yardstick's sends in flight. */
const CONCURRENCY = 16;

const BODY = fixture("bandwidth/v1/portins-complete.xml");
const HEADERS = {
  "content-type": "application/xml",
  authorization: `Basic ${Buffer.from("bandwidth:local-dev-password").toString("base64")}`,
};

/** One slice's rate, and the CPU seconds every process involved spent in it (this one, the runtime's, the emulators'). */
type Rate = Awaited<ReturnType<typeof requestRate>> & { cpuSeconds: number };

/**
 * The load generator's client: node:http with keep-alive connections, as the yardstick's senders
 * send. Not `fetch`: undici's fetch took 0.5–1.8 ms of CPU per request here against node:http's
 * 0.14–0.23 ms (against the bare server, 16 in flight), CPU this 2-core machine then took from the
 * server measured.
 */
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** POSTs `body` to `url` and reads the whole answer; resolves with its status (as a bodiless Response). */
function post(url: string, headers: Record<string, string>, body: string): Promise<Response> {
  return new Promise((done, fail) => {
    const sent = request(
      url,
      { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } },
      (answer) => {
        answer.resume();
        answer.once("error", fail);
        answer.once("end", () => done(new Response(null, { status: answer.statusCode ?? 0 })));
      },
    );
    sent.once("error", fail);
    sent.end(body);
  });
}

/**
 * The local ingest endpoint's request rate (authenticate, parse, normalize, durable SQS send) next
 * to its yardstick: the emulator's own raw `SendMessage` rate on the same events queue, sent from
 * this one process, `CONCURRENCY` at a time as the load generator, with a copy of the very message
 * ingest queued (body and attributes, the compressed raw request included), each under its own group
 * and deduplication id as ingest's are. The yardstick is sent two ways, each a row: with the SDK
 * client (@aws-sdk/client-sqs, one attempt, the short timeouts the publisher uses) and with the signed
 * request ingest itself sends (lib/aws/sqs.ts). The goal row's ratio is against the faster of the two,
 * the stricter yardstick: the queue's own rate from one process, whichever way of sending costs less.
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
  const bareResult = await metered([bare.child.pid ?? 0], (durationMs) =>
    requestRate(() => post(bare.url, HEADERS, BODY), {
      concurrency: CONCURRENCY,
      durationMs,
      expectStatus: 200,
    }),
  )(DURATION_MS);
  bare.child.kill();
  const embedded = await ingestBesideQueue(false);
  const separate = await ingestBesideQueue(true);
  const latencies = ({ latencies }: Rate) =>
    `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`;
  const cpuPer = (rate: Rate) => rate.cpuSeconds / rate.latencies.length;
  const cpu = (rate: Rate, per: string) =>
    `${Math.round(cpuPer(rate) * 1e6)} µs of CPU a ${per} in all processes`;
  const rows = (id: string, where: string, { raw, alone, draining }: typeof embedded): Row[] => {
    // The stricter yardstick: the faster way of sending.
    const yardstick =
      raw.signed.rate >= raw.sdk.rate
        ? { ...raw.signed, name: "raw SendMessage (signed)" }
        : { ...raw.sdk, name: "raw SendMessage (SDK)" };
    const sendShare = cpuPer(yardstick) / (cpuPer(yardstick) + cpuPer(bareResult));
    return [
      {
        id: `queue.rawSendRate${id}`,
        section: "HTTP rate",
        name: `raw SendMessage to the events queue from one process, ${CONCURRENCY} at a time, SDK client, ${where} (${cpu(raw.sdk, "message")})`,
        value: raw.sdk.rate,
        unit: "msg/s",
      },
      {
        id: `queue.rawSendRateSigned${id}`,
        section: "HTTP rate",
        name: `raw SendMessage to the events queue from one process, ${CONCURRENCY} at a time, signed request (lib/aws/sqs.ts), ${where} (${cpu(raw.signed, "message")})`,
        value: raw.signed.rate,
        unit: "msg/s",
        baseline: { name: "SDK client", ratio: raw.signed.rate / raw.sdk.rate },
      },
      {
        id: `ingest.rate${id}`,
        section: "HTTP rate",
        name: `local ingest endpoint alone (LOCAL_CONSUMERS=off), ${where} (${latencies(alone)}; ${cpu(alone, "request")})`,
        value: alone.rate,
        unit: "req/s",
        baseline: { name: yardstick.name, ratio: alone.rate / yardstick.rate },
        goal: "≥ 0.8×",
      },
      // What no handler can beat on these cores: a webhook is at least a bare HTTP exchange plus the
      // raw send, so at the same CPU a second the endpoint makes at most the yardstick's rate times
      // send CPU ÷ (send CPU + exchange CPU), before any authentication, parsing or logging.
      {
        id: `ingest.ceiling${id}`,
        section: "HTTP rate",
        name: `the endpoint's ceiling here, ${where}: a raw send plus a bare node:http exchange, no handler work (from their CPU a request)`,
        value: yardstick.rate * sendShare,
        unit: "req/s",
        baseline: { name: yardstick.name, ratio: sendShare },
      },
      {
        id: `ingest.rateDraining${id}`,
        section: "HTTP rate",
        name: `local ingest endpoint while fan-out and deliver drain it, ${where} (${latencies(draining)}; ${cpu(draining, "request")})`,
        value: draining.rate,
        unit: "req/s",
        baseline: { name: yardstick.name, ratio: draining.rate / yardstick.rate },
      },
    ];
  };
  return [
    {
      id: "http.bareRate",
      section: "HTTP rate",
      name: `bare node:http server (${cpu(bareResult, "request")})`,
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
 * On one runtime with its consumers off: the queue's raw rate (SDK client and signed request) and the
 * ingest endpoint's, in turns. Then, on a fresh runtime with its consumers on, the endpoint's rate while
 * the pipeline drains what it queues.
 */
async function ingestBesideQueue(separateEmulators: boolean) {
  const paused = await startInstance(separateEmulators, { LOCAL_CONSUMERS: "off" });
  await (await paused.send()).arrayBuffer();
  const senders = await rawSenders(paused.runtime.emulatorUrl);
  const endpoint = (durationMs: number) =>
    requestRate(paused.send, { concurrency: CONCURRENCY, durationMs, expectStatus: 200 });
  // In turns (ABBA over the three: A B C, C B A, …), each with its own slices.
  const sdk = { run: metered(paused.pids, senders.sdk), slices: [] as Rate[] };
  const signed = { run: metered(paused.pids, senders.signed), slices: [] as Rate[] };
  const alone = { run: metered(paused.pids, endpoint), slices: [] as Rate[] };
  const measured = [sdk, signed, alone];
  for (const { run } of measured) await run(WARM_UP_MS);
  for (let slice = 0; slice < SLICES; slice++) {
    for (const { run, slices } of slice % 2 === 0 ? measured : [...measured].reverse())
      slices.push(await run(DURATION_MS / SLICES));
  }
  senders.close();
  const raw = { sdk: joined(sdk.slices), signed: joined(signed.slices) };
  const aloneRate = joined(alone.slices);
  await paused.stop();
  const running = await startInstance(separateEmulators, {});
  await (await running.send()).arrayBuffer();
  await eventually(() => (running.runtime.delivered().length > 0 ? true : undefined));
  const draining = await metered(running.pids, (durationMs) =>
    requestRate(running.send, { concurrency: CONCURRENCY, durationMs, expectStatus: 200 }),
  )(DURATION_MS);
  await running.stop();
  return { raw, alone: aloneRate, draining };
}

/** `npm start` on a data folder of its own (and its own `npm run emulators`, if separate), quiet. */
async function startInstance(separateEmulators: boolean, env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "neg-rate-"));
  const emulators = separateEmulators ? await startEmulatorsProcess(dir) : undefined;
  const runtime: RunningRuntime = await startRuntime({ LOG_LEVEL: "SILENT", ...emulators?.env, ...env }, dir);
  let counter = 0;
  return {
    runtime,
    /** The processes that serve the requests, besides this one. */
    pids: [runtime.pid, ...(emulators ? [emulators.pid] : [])],
    // Distinct orders, so FIFO deduplication (on the event id) does not turn the run into a no-op.
    send: () =>
      post(
        `${runtime.url}/bandwidth/v1/notifications`,
        HEADERS,
        BODY.replaceAll("ee456cfb-d237-4adc-b3f8-9db03d2e62a2", `bench-order-${counter++}`),
      ),
    async stop() {
      await runtime.stop();
      await emulators?.stop();
    },
  };
}

/**
 * `run` with the CPU seconds it cost this process (the load generator or the raw sender) and the
 * `pids` serving it (/proc/<pid>/stat): on 2 cores the rates are bound by CPU, so a rate's ratio to
 * another is about the inverse of their CPU per request, which says where a gap comes from.
 */
function metered(
  pids: readonly number[],
  run: (durationMs: number) => Promise<Awaited<ReturnType<typeof requestRate>>>,
): (durationMs: number) => Promise<Rate> {
  const cpuNow = () => [process.pid, ...pids].reduce((sum, pid) => sum + procCpuSeconds(pid).own, 0);
  return async (durationMs) => {
    const before = cpuNow();
    const rate = await run(durationMs);
    return { ...rate, cpuSeconds: cpuNow() - before };
  };
}

/** Slices of one measurement as one: every request, over the slices' time together. */
function joined(slices: readonly Rate[]): Rate {
  const latencies = slices.flatMap((slice) => slice.latencies);
  const seconds = slices.reduce((sum, slice) => sum + slice.latencies.length / slice.rate, 0);
  const cpuSeconds = slices.reduce((sum, slice) => sum + slice.cpuSeconds, 0);
  return { rate: latencies.length / seconds, latencies, cpuSeconds };
}

/**
 * `CONCURRENCY` senders putting messages on the events queue of the emulator at `endpoint` for a
 * given time, each a copy of the message ingest queued there last (its consumers are off, so it is
 * still there), two ways: with the SDK client, with the settings the publisher had (one attempt, connect
 * 1 s, request 3 s), and with lib/aws/sqs.ts's signed request, the publisher's own. Each run resolves with its rate.
 */
async function rawSenders(endpoint: string) {
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
  let counter = 0;
  const copy = (): SendMessageRequest => {
    const n = counter++;
    return {
      QueueUrl: queueUrl,
      MessageBody: queued.Body,
      MessageGroupId: `bench-group-${n}`,
      MessageDeduplicationId: `bench-message-${n}`,
      MessageAttributes: attributes,
    };
  };
  const signedSend = sqsSendMessage(localServiceEnvironment("sqs", endpoint));
  const rate = (send: (input: SendMessageRequest) => Promise<unknown>) => (durationMs: number) =>
    requestRate(
      async () => {
        await send(copy());
        return new Response(null, { status: 200 });
      },
      { concurrency: CONCURRENCY, durationMs, expectStatus: 200 },
    );
  return {
    sdk: rate((input) => client.send(new SendMessageCommand(input))),
    signed: rate(signedSend),
    close: () => client.destroy(),
  };
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
