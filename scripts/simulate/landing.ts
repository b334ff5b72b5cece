import { existsSync, readFileSync } from "node:fs";

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
