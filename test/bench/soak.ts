/**
 * `npm run soak [-- --minutes=10]`: the local pipeline at a steady rate (SOAK_RATE req/s, default
 * 50) with the emulators in a process of their own (`npm run emulators`), so the sampled process
 * holds the handlers alone. Its RSS over the last fifth is compared with the first fifth (goal:
 * within 10 %); each thread's isolate (`GET /_local/memory`: the main thread's, and each handler
 * thread's when `LOCAL_HANDLER_THREADS` runs some) is sampled beside it, so the table says which heap,
 * or what outside the heaps, holds the difference; heap snapshots every thread writes before and after
 * (`POST /_local/heap-snapshots`) say what grew in each; every accepted event must be delivered.
 * `--write` records the result in BENCHMARKS.md.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MemoryReport } from "../../scripts/local/processMemory.ts";
import type { HeapSnapshotFile, ThreadMemory } from "../../scripts/local/threadMemory.ts";
import { startEmulatorsProcess } from "../helpers/emulatorsProcess.ts";
import { fixture } from "../helpers/fixtures.ts";
import { eventually, startRuntime } from "../helpers/localRuntime.ts";
import { procCpuSeconds } from "../helpers/procCpu.ts";
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
const runtime = await startRuntime({ LOG_LEVEL: "SILENT", ...emulators.env }, dir);
const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
const cpuSeconds = (pid: number) => procCpuSeconds(pid).own;
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
const before = await heapSnapshots();
// The handlers' CPU per request over the sampled load: a heap held smaller at the cost of more
// garbage collection would show here.
const loadStart = { cpu: cpuSeconds(runtime.pid), sent };
const sampled: Promise<{ handlers: number; emulators: number; threads: ThreadMemory[] }>[] = [];
const sampler = setInterval(() => {
  const rss = { handlers: rssMiB(runtime.pid), emulators: rssMiB(emulators.pid) };
  sampled.push(memoryReport().then(({ threads }) => ({ ...rss, threads })));
}, SAMPLE_EVERY_MS);
await load(SECONDS);
clearInterval(sampler);
const cpuPerRequestMs = ((cpuSeconds(runtime.pid) - loadStart.cpu) / (sent - loadStart.sent)) * 1000;
const samples = await Promise.all(sampled);
const after = await heapSnapshots();
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
/** The mean of `value` over the first fifth of the samples and over the last. */
const fifths = (value: (sample: (typeof samples)[number]) => number) => {
  const early = mean(samples.slice(0, window).map(value));
  const late = mean(samples.slice(-window).map(value));
  return { early, late, change: (late - early) / early };
};
const handlers = fifths((s) => s.handlers);
const emulatorRss = fifths((s) => s.emulators);
const MiB = 2 ** 20;
const span = ({ early, late }: { early: number; late: number }, unit = 1) =>
  `${(early / unit).toFixed(1)} → ${(late / unit).toFixed(1)}`;
const threadNames = samples[0]?.threads.map((t) => t.thread) ?? [];
const threadFigure = (name: string, figure: keyof Omit<ThreadMemory, "thread">) =>
  fifths((s) => s.threads.find((t) => t.thread === name)?.[figure] ?? 0);
const heapTotals = (s: (typeof samples)[number]) => s.threads.reduce((sum, t) => sum + t.heapTotal, 0);
const perMinute = 60_000 / SAMPLE_EVERY_MS;
/** `value`'s mean over each minute of samples, comma-separated. */
const byMinute = (value: (sample: (typeof samples)[number]) => number) =>
  Array.from({ length: Math.ceil(samples.length / perMinute) }, (_, minute) =>
    mean(samples.slice(minute * perMinute, (minute + 1) * perMinute).map(value)).toFixed(0),
  ).join(", ");
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const summary = [
  `Soak: ${SECONDS} s at ${RATE} req/s through \`npm start\`'s pipeline (Bandwidth v1 → queue → archive → file), emulators in their own process (\`npm run emulators\`), measured ${new Date().toISOString().slice(0, 10)} by \`npm run soak -- --minutes=${SECONDS / 60}\`.`,
  "",
  `| sent | accepted | rejected | delivered | not delivered ${DRAIN_SECONDS} s after | handlers' RSS first fifth | last fifth | change | goal | handlers' CPU per request | emulators' RSS change |`,
  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  `| ${sent} | ${accepted.size} | ${failed} | ${delivered.size} | ${undelivered} | ${handlers.early.toFixed(0)} MiB | ${handlers.late.toFixed(0)} MiB | ${(handlers.change * 100).toFixed(1)} % | within 10 % | ${cpuPerRequestMs.toFixed(2)} ms | ${(emulatorRss.change * 100).toFixed(1)} % (${emulatorRss.early.toFixed(0)} → ${emulatorRss.late.toFixed(0)} MiB) |`,
  "",
  "Where the handlers' process holds its memory, first fifth → last fifth (MiB, means of the samples): each thread's V8 isolate as it reports itself (`GET /_local/memory`; the main thread runs HTTP, the SQS consumers, the schedules and the stand-ins, and the HTTP routes' handlers unless handler threads do), and the RSS the heaps do not account for.",
  "",
  "| thread | heap total | of it young generation | heap used | V8 malloc | external (of it ArrayBuffers) |",
  "|---|---:|---:|---:|---:|---:|",
  ...threadNames.map(
    (name) =>
      `| ${name} | ${span(threadFigure(name, "heapTotal"), MiB)} | ${span(threadFigure(name, "youngGeneration"), MiB)} | ${span(threadFigure(name, "heapUsed"), MiB)} | ${span(threadFigure(name, "malloced"), MiB)} | ${span(threadFigure(name, "external"), MiB)} (${span(threadFigure(name, "arrayBuffers"), MiB)}) |`,
  ),
  "",
  `The RSS minus every thread's heap total: ${span(fifths((s) => s.handlers - heapTotals(s) / MiB))} MiB (native memory, code, stacks, memory freed but kept, and heap pages becoming resident: V8 counts a page whole from when it takes it, the RSS as it is touched). Minute by minute (means, MiB), the handlers' RSS: ${byMinute((s) => s.handlers)}; every young generation together: ${byMinute((s) => s.threads.reduce((sum, t) => sum + t.youngGeneration, 0) / MiB)}.`,
  "",
  ...after.flatMap(({ thread, path }) => {
    const start = before.find((snapshot) => snapshot.thread === thread);
    if (!start) return [];
    const heap = heapGrowth(start.path, path);
    return [
      `The ${thread} thread's live heap: ${(heap.beforeBytes / MiB).toFixed(1)} MiB in a snapshot after the warm-up, ${(heap.afterBytes / MiB).toFixed(1)} MiB in one at the end. What grew most between them (self size; \`object X\` is X's instances):`,
      "",
      "| kind | bytes | count |",
      "|---|---:|---:|",
      ...heap.growth.map((g) => `| ${g.what} | ${kib(g.bytes)} | ${g.count} |`),
      "",
    ];
  }),
].join("\n");
console.log(summary);
if (process.argv.includes("--write")) writeBenchmarksSection("Soak", summary.trimEnd());
if (undelivered > 0) process.exitCode = 1;

/** Each thread's isolate, as the runtime reports them. */
async function memoryReport(): Promise<MemoryReport> {
  return (await fetch(`${runtime.url}/_local/memory`)).json() as Promise<MemoryReport>;
}

/** Every thread of the runtime writes a heap snapshot (the thread pauses meanwhile): where. */
async function heapSnapshots(): Promise<HeapSnapshotFile[]> {
  const answer = await fetch(`${runtime.url}/_local/heap-snapshots`, { method: "POST" });
  return (await answer.json()) as HeapSnapshotFile[];
}
