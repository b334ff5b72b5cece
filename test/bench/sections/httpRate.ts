import { type ChildProcess, spawn } from "node:child_process";
import { fixture } from "../../helpers/fixtures.ts";
import { startRuntime } from "../../helpers/localRuntime.ts";
import { percentile, type Row, requestRate } from "../measure.ts";

const DURATION_MS = 5000;
const CONCURRENCY = 16;

/**
 * The local ingest endpoint's request rate (authenticate, parse, normalize, durable SQS send) next
 * to a bare node:http server that only reads the body and answers 200, driven the same way from
 * this process. Both servers run in their own process.
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
      id: "ingest.rate",
      section: "HTTP rate",
      name: `local ingest endpoint (p50 ${percentile(result.latencies, 50).toFixed(1)} ms, p99 ${percentile(result.latencies, 99).toFixed(1)} ms)`,
      value: result.rate,
      unit: "req/s",
      baseline: { name: "bare node:http", ratio: result.rate / bareResult.rate },
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
