/**
 * `npm run soak`: the local pipeline at a steady rate for SOAK_SECONDS (default 600) with the
 * runtime's memory sampled, to show it does not grow; every accepted event must be delivered.
 * `npm run soak -- --write` records the result in BENCHMARKS.md.
 */
import { readFileSync } from "node:fs";
import { fixture } from "../helpers/fixtures.ts";
import { eventually, startRuntime } from "../helpers/localRuntime.ts";
import { writeBenchmarksSection } from "./benchmarksFile.ts";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const RATE = Number(process.env.SOAK_RATE ?? 50);
const SAMPLE_EVERY_MS = 5000;

const runtime = await startRuntime({ POWERTOOLS_LOG_LEVEL: "SILENT" });
const rssMiB = () =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${runtime.pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
const body = fixture("bandwidth/v1/portins-complete.xml");
const auth = `Basic ${Buffer.from("bandwidth:local-dev-password").toString("base64")}`;
const samples: { at: number; rss: number }[] = [];
const accepted = new Set<string>();
let sent = 0;
let failed = 0;

const started = Date.now();
const sampler = setInterval(
  () => samples.push({ at: (Date.now() - started) / 1000, rss: rssMiB() }),
  SAMPLE_EVERY_MS,
);
while (Date.now() - started < SECONDS * 1000) {
  const tick = Date.now();
  await Promise.all(
    Array.from({ length: RATE }, async () => {
      const n = sent++;
      const answer = await fetch(`${runtime.url}/bandwidth/v1/notifications`, {
        method: "POST",
        headers: { "content-type": "application/xml", authorization: auth },
        body: body.replaceAll("ee456cfb-d237-4adc-b3f8-9db03d2e62a2", `soak-order-${n}`),
      });
      if (answer.status === 200) accepted.add(((await answer.json()) as { id: string }).id);
      else failed++;
    }),
  );
  await new Promise((done) => setTimeout(done, Math.max(0, 1000 - (Date.now() - tick))));
}
clearInterval(sampler);
await eventually(
  () => (new Set(runtime.delivered().map((event) => event.id)).size >= accepted.size ? true : undefined),
  120_000,
);
const delivered = new Set(runtime.delivered().map((event) => event.id));
const lost = [...accepted].filter((id) => !delivered.has(id)).length;
await runtime.stop();

const window = Math.max(1, Math.floor(samples.length / 5));
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const early = mean(samples.slice(0, window).map((s) => s.rss));
const late = mean(samples.slice(-window).map((s) => s.rss));
const summary = [
  `Soak: ${SECONDS} s at ${RATE} req/s through \`npm start\`'s pipeline (Bandwidth v1 → queue → archive → file), measured ${new Date().toISOString().slice(0, 10)}.`,
  "",
  "| sent | accepted | rejected | delivered | lost | RSS first fifth | RSS last fifth | change |",
  "|---:|---:|---:|---:|---:|---:|---:|---:|",
  `| ${sent} | ${accepted.size} | ${failed} | ${delivered.size} | ${lost} | ${early.toFixed(0)} MiB | ${late.toFixed(0)} MiB | ${(((late - early) / early) * 100).toFixed(1)} % |`,
  "",
  "The sampled process is the whole local pipeline, emulators included (SQS, S3 holding every archived batch, DynamoDB, all SQLite-backed), so growth here does not separate their retained state from the handlers' own memory.",
].join("\n");
console.log(summary);
if (process.argv.includes("--write")) writeBenchmarksSection("Soak", summary);
if (lost > 0) process.exitCode = 1;
