/**
 * `npm run soak [-- --minutes=10]`: the local pipeline at a steady rate (SOAK_RATE req/s, default
 * 50) with the emulators in a process of their own (`npm run emulators`), so the sampled process
 * holds the handlers alone. Its RSS over the last fifth is compared with the first fifth (goal:
 * within 10 %), heap snapshots taken before and after say what grew, and every accepted event must
 * be delivered. `--write` records the result in BENCHMARKS.md.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulatorsProcess } from "../helpers/emulatorsProcess.ts";
import { fixture } from "../helpers/fixtures.ts";
import { eventually, startRuntime } from "../helpers/localRuntime.ts";
import { writeBenchmarksSection } from "./benchmarksFile.ts";
import { heapGrowth } from "./heapDiff.ts";

const minutesArg = process.argv.find((arg) => arg.startsWith("--minutes="))?.slice("--minutes=".length);
const SECONDS = Number(minutesArg ?? 10) * 60;
const RATE = Number(process.env.SOAK_RATE ?? 50);
const WARM_UP_SECONDS = 10;
const DRAIN_SECONDS = 120;
const SAMPLE_EVERY_MS = 5000;

const dir = mkdtempSync(join(tmpdir(), "neg-soak-"));
const emulators = await startEmulatorsProcess(dir);
const runtime = await startRuntime({ LOG_LEVEL: "SILENT", ...emulators.env }, dir, [
  "--heapsnapshot-signal=SIGUSR2",
  `--diagnostic-dir=${dir}`,
]);
const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
const body = fixture("bandwidth/v1/portins-complete.xml");
const auth = `Basic ${Buffer.from("bandwidth:local-dev-password").toString("base64")}`;
const accepted = new Set<string>();
let sent = 0;
let failed = 0;

/** Sends RATE requests a second for `seconds`. */
async function load(seconds: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < seconds * 1000) {
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
}

// Warmed up first, so the first snapshot (which itself costs memory) precedes every sample.
await load(WARM_UP_SECONDS);
const before = await heapSnapshot(runtime.pid);
const samples: { handlers: number; emulators: number }[] = [];
const sampler = setInterval(
  () => samples.push({ handlers: rssMiB(runtime.pid), emulators: rssMiB(emulators.pid) }),
  SAMPLE_EVERY_MS,
);
await load(SECONDS);
clearInterval(sampler);
const after = await heapSnapshot(runtime.pid);
// A pipeline that fell behind gets DRAIN_SECONDS to catch up; what it has not delivered by then is
// counted (and fails the run) rather than losing the memory figures to a thrown timeout.
await eventually(
  () => (new Set(runtime.delivered().map((event) => event.id)).size >= accepted.size ? true : undefined),
  DRAIN_SECONDS * 1000,
).catch(() => undefined);
const delivered = new Set(runtime.delivered().map((event) => event.id));
const undelivered = [...accepted].filter((id) => !delivered.has(id)).length;
await runtime.stop();
await emulators.stop();

const window = Math.max(1, Math.floor(samples.length / 5));
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const fifths = (of: "handlers" | "emulators") => {
  const early = mean(samples.slice(0, window).map((s) => s[of]));
  const late = mean(samples.slice(-window).map((s) => s[of]));
  return { early, late, change: (late - early) / early };
};
const handlers = fifths("handlers");
const emulatorRss = fifths("emulators");
const heap = heapGrowth(before, after);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const summary = [
  `Soak: ${SECONDS} s at ${RATE} req/s through \`npm start\`'s pipeline (Bandwidth v1 → queue → archive → file), emulators in their own process (\`npm run emulators\`), measured ${new Date().toISOString().slice(0, 10)} by \`npm run soak -- --minutes=${SECONDS / 60}\`.`,
  "",
  `| sent | accepted | rejected | delivered | not delivered ${DRAIN_SECONDS} s after | handlers' RSS first fifth | last fifth | change | goal | emulators' RSS change |`,
  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  `| ${sent} | ${accepted.size} | ${failed} | ${delivered.size} | ${undelivered} | ${handlers.early.toFixed(0)} MiB | ${handlers.late.toFixed(0)} MiB | ${(handlers.change * 100).toFixed(1)} % | within 10 % | ${(emulatorRss.change * 100).toFixed(1)} % (${emulatorRss.early.toFixed(0)} → ${emulatorRss.late.toFixed(0)} MiB) |`,
  "",
  `The handlers' live heap: ${(heap.beforeBytes / 2 ** 20).toFixed(1)} MiB in a snapshot after the warm-up, ${(heap.afterBytes / 2 ** 20).toFixed(1)} MiB in one at the end. What grew most between them (self size; \`object X\` is X's instances):`,
  "",
  "| kind | bytes | count |",
  "|---|---:|---:|",
  ...heap.growth.map((g) => `| ${g.what} | ${kib(g.bytes)} | ${g.count} |`),
].join("\n");
console.log(summary);
if (process.argv.includes("--write")) writeBenchmarksSection("Soak", summary);
if (undelivered > 0) process.exitCode = 1;

/** Asks the runtime for a heap snapshot (`--heapsnapshot-signal`) and resolves its path once written. */
async function heapSnapshot(pid: number): Promise<string> {
  const existing = new Set(readdirSync(dir));
  process.kill(pid, "SIGUSR2");
  const file = await eventually(() => {
    const name = readdirSync(dir).find((entry) => entry.endsWith(".heapsnapshot") && !existing.has(entry));
    return name ? join(dir, name) : undefined;
  }, 60_000);
  // Written in one go while the process is paused: complete once its size stops changing.
  for (let size = -1; size !== statSync(file).size; ) {
    size = statSync(file).size;
    await new Promise((done) => setTimeout(done, 1000));
  }
  return file;
}
