import { appendFileSync } from "node:fs";

/** Set by the latency bench: the file each stage's own time is appended to, one JSON line per run. */
const FILE = process.env.LOCAL_STAGE_TIMINGS;

/**
 * Records how long one local stage took (an HTTP handler's answer, a record's wait on its queue, a
 * consumer's batch), so `npm run bench` can set the end-to-end latency beside its stages' own.
 * Does nothing unless `LOCAL_STAGE_TIMINGS` names a file.
 */
export function recordStage(stage: string, millis: number): void {
  if (FILE) appendFileSync(FILE, `${JSON.stringify({ stage, millis })}\n`);
}
