import { existsSync, readFileSync } from "node:fs";

/** What a running `npm start` says about itself at `GET /_local/instance` (local only, never deployed). */
export interface InstanceInfo {
  pid: number;
  dataDir: string;
  /** Its first `file` destination (by default `<data folder>/events.jsonl`), or null. */
  eventsFile: string | null;
}

/** The events file of the instance at `url`; null when it has none or does not answer (not npm start). */
export async function landingFileOf(url: string): Promise<string | null> {
  try {
    const answer = await fetch(new URL("/_local/instance", url), { signal: AbortSignal.timeout(2000) });
    return answer.ok ? ((await answer.json()) as InstanceInfo).eventsFile : null;
  } catch {
    return null; // nothing there yet: each fixture then says npm start is not answering
  }
}

/** How many lines the file has now (0 when it does not exist). */
export function lineCount(file: string): number {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).length : 0;
}

/**
 * Where an event landed in `npm start`'s default destination (one canonical event per line of
 * `<LOCAL_DATA_DIR>/events.jsonl`): the 1-based line of the first event with this id, waiting up to
 * `timeoutMs` for the fan-out to write it.
 */
export async function findLanding(file: string, id: string, timeoutMs: number): Promise<number | null> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const line = lineOf(file, id);
    if (line !== null || Date.now() >= until) return line;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function lineOf(file: string, id: string): number | null {
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, "utf8").split("\n");
  for (const [index, line] of lines.entries()) {
    if (!line) continue;
    try {
      if ((JSON.parse(line) as { id?: unknown }).id === id) return index + 1;
    } catch {
      // A line being written right now; read again on the next poll.
    }
  }
  return null;
}
