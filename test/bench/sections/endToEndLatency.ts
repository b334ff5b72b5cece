import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture } from "../../helpers/fixtures.ts";
import { startReceiver } from "../../helpers/httpReceiver.ts";
import { eventually, startRuntime } from "../../helpers/localRuntime.ts";
import { percentile, type Row } from "../measure.ts";

const EVENTS = 200;
const RATE_PER_SECOND = 20;

/** The stages of the local path, in order, as scripts/local/stageTimings.ts names them. */
const STAGES = [
  "http:bandwidthV1Notifications",
  "queue:fanout",
  "batch:fanout",
  "queue:deliver",
  "batch:deliver",
] as const;

/**
 * Webhook sent → event at a destination, through `npm start`'s pipeline (ingest → events queue →
 * fan-out → deliveries queue → deliver) at a modest steady rate, to the file destination and to an
 * HTTP receiver in this process. The runtime records each stage's own time in the same run
 * (`LOCAL_STAGE_TIMINGS`), so the end-to-end p99 is set beside the sum of the stages' p99s.
 */
export async function endToEndLatency(): Promise<Row[]> {
  const arrivedOverHttp = new Map<string, number>();
  const receiver = await startReceiver((request) => {
    arrivedOverHttp.set(String(request.headers["webhook-id"]), Date.now());
    return { status: 200 };
  });
  const dir = mkdtempSync(join(tmpdir(), "neg-latency-"));
  const timingsFile = join(dir, "stages.jsonl");
  const eventsFile = join(dir, "events.jsonl");
  const runtime = await startRuntime(
    {
      LOG_LEVEL: "SILENT",
      LOCAL_STAGE_TIMINGS: timingsFile,
      DESTINATIONS: JSON.stringify({
        destinations: [
          { name: "local-file", type: "file", path: eventsFile },
          { name: "receiver", type: "http", url: receiver.url },
        ],
      }),
    },
    dir,
  );
  const writtenToFile = watchLines(dir, eventsFile);

  const body = fixture("bandwidth/v1/portins-complete.xml");
  const headers = {
    "content-type": "application/xml",
    authorization: `Basic ${Buffer.from("bandwidth:local-dev-password").toString("base64")}`,
  };
  const sentAt = new Map<string, number>();
  const answers: Promise<void>[] = [];
  for (let n = 0; n < EVENTS; n++) {
    const t0 = Date.now();
    answers.push(
      fetch(`${runtime.url}/bandwidth/v1/notifications`, {
        method: "POST",
        headers,
        body: body.replaceAll("ee456cfb-d237-4adc-b3f8-9db03d2e62a2", `latency-order-${n}`),
      }).then(async (answer) => {
        if (answer.status !== 200) throw new Error(`ingest answered ${answer.status}`);
        sentAt.set(((await answer.json()) as { id: string }).id, t0);
      }),
    );
    await new Promise((done) => setTimeout(done, 1000 / RATE_PER_SECOND));
  }
  await Promise.all(answers);
  await eventually(
    () => (arrivedOverHttp.size >= EVENTS && writtenToFile.at.size >= EVENTS ? true : undefined),
    60_000,
  );
  writtenToFile.stop();
  await runtime.stop();
  await receiver.stop();

  const latencies = (arrived: ReadonlyMap<string, number>) =>
    [...sentAt].map(([id, t0]) => (arrived.get(id) ?? Number.NaN) - t0);
  const toFile = latencies(writtenToFile.at);
  const toHttp = latencies(arrivedOverHttp);
  const stages = stageP99s(readFileSync(timingsFile, "utf8"));
  const sumOfStages = STAGES.reduce((sum, stage) => sum + stages[stage], 0);
  const slowest = STAGES.reduce((a, b) => (stages[a] >= stages[b] ? a : b));
  const stageList = STAGES.map((stage) => `${stage} ${stages[stage].toFixed(0)}`).join(", ");
  const e2eRow = (id: string, name: string, values: number[]): Row => ({
    id,
    section: "E2E latency",
    name: `${name}, p99 (p50 ${percentile(values, 50).toFixed(0)} ms)`,
    value: percentile(values, 99),
    unit: "ms",
    baseline: { name: "sum of stage p99s", ratio: percentile(values, 99) / sumOfStages },
    goal: "≤ 2×",
  });
  return [
    {
      id: "e2e.stagesP99SumMillis",
      section: "E2E latency",
      name: `sum of the stages' own p99s (${stageList} ms; most: ${slowest})`,
      value: sumOfStages,
      unit: "ms",
    },
    e2eRow(
      "e2e.fileP99Millis",
      `webhook sent → written to the file destination, ${EVENTS} at ${RATE_PER_SECOND}/s`,
      toFile,
    ),
    e2eRow("e2e.httpP99Millis", "webhook sent → arrived at an HTTP destination", toHttp),
  ];
}

/** Each stage's p99 from the runtime's `LOCAL_STAGE_TIMINGS` lines. */
function stageP99s(lines: string): Record<(typeof STAGES)[number], number> {
  const byStage = new Map<string, number[]>();
  for (const line of lines.split("\n").filter(Boolean)) {
    const { stage, millis } = JSON.parse(line) as { stage: string; millis: number };
    byStage.set(stage, [...(byStage.get(stage) ?? []), millis]);
  }
  return Object.fromEntries(
    STAGES.map((stage) => [stage, percentile(byStage.get(stage) ?? [], 99)]),
  ) as Record<(typeof STAGES)[number], number>;
}

/** When each event id first appeared in a JSON-lines file, noticed through file-system events. */
function watchLines(dir: string, file: string) {
  const at = new Map<string, number>();
  let offset = 0;
  let partial = "";
  const read = () => {
    if (!existsSync(file)) return;
    const now = Date.now();
    const fd = openSync(file, "r");
    const buffer = Buffer.alloc(1 << 16);
    for (
      let n = readSync(fd, buffer, 0, buffer.length, offset);
      n > 0;
      n = readSync(fd, buffer, 0, buffer.length, offset)
    ) {
      offset += n;
      partial += buffer.subarray(0, n).toString("utf8");
    }
    closeSync(fd);
    const lines = partial.split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines.filter(Boolean)) {
      const { id } = JSON.parse(line) as { id: string };
      if (!at.has(id)) at.set(id, now);
    }
  };
  const watcher = watch(dir, read);
  return { at, stop: () => watcher.close() };
}
