import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import type { LogRecord } from "../local/logSink.ts";
import { previousRecordsFile } from "../local/recordsFile.ts";

/**
 * The lines `npm start` recorded in `<data folder>/log.jsonl` since `since`, oldest first, the file it
 * moved aside when it grew too large (`log.1.jsonl`, scripts/local/recordsFile.ts) included. Read line
 * by line: the file grows with every request. A line cut short by a crash is skipped.
 */
export async function readLocalRecords(file: string, since: Date): Promise<LogRecord[] | null> {
  if (!existsSync(file)) return null;
  const from = since.toISOString();
  const records: LogRecord[] = [];
  for (const path of [previousRecordsFile(file), file].filter((path) => existsSync(path))) {
    for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
      const record = parse(text);
      if (record && record.timestamp >= from) records.push(record);
    }
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
