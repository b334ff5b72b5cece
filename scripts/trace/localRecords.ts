import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import type { LogRecord } from "../local/logSink.ts";

/**
 * The lines `npm start` recorded in `<data folder>/log.jsonl` since `since`. Read line by line: the
 * file grows with every request. A line cut short by a crash is skipped.
 */
export async function readLocalRecords(file: string, since: Date): Promise<LogRecord[] | null> {
  if (!existsSync(file)) return null;
  const from = since.toISOString();
  const records: LogRecord[] = [];
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    const record = parse(text);
    if (record && record.timestamp >= from) records.push(record);
  }
  return records;
}

function parse(text: string): LogRecord | undefined {
  try {
    const record = JSON.parse(text) as LogRecord;
    return typeof record.timestamp === "string" ? record : undefined;
  } catch {
    return undefined;
  }
}
