import { createWriteStream } from "node:fs";

/**
 * A structured log line as lib/log.ts writes it (`level`, `message`, then its keys), with the time it
 * was written: the sink's stamp locally, the log event's `@timestamp` in CloudWatch (ISO 8601, UTC).
 */
export type LogRecord = Record<string, unknown> & { level: string; message: string; timestamp: string };

const LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "SILENT"];
const CONSOLE_METHODS = ["debug", "info", "warn", "error"] as const;
/** The keys a human line shows, in this order; the full line is in the records file. */
const SHOWN = [
  "route",
  "status",
  "reason",
  "eventId",
  "orderId",
  "type",
  "eventStatus",
  "destination",
  "attempts",
  "ms",
  "retryInSeconds",
  "key",
  "pon",
] as const;

export interface LogSinkOptions {
  /** Every line at INFO and above, as JSON lines: the local runtime's own record (`npm run trace`). */
  recordsFile: string;
  /** `pretty`: one short line per stage; `json`: the lines as Lambda writes them. */
  format: "pretty" | "json";
  /** Lines below this level are recorded but not printed. */
  printLevel: string;
}

/**
 * Collects the logger's lines in the local runtime, as Lambda's runtime collects stdout into
 * CloudWatch: each goes to the records file and, at or above `printLevel`, to the console.
 * The logger (lib/log.ts) writes through the global console when `LOG_TO_CONSOLE=true` at its
 * construction, so this replaces the console's four level methods; any other console output passes
 * through untouched.
 */
export function installLogSink(options: LogSinkOptions): { close(): Promise<void> } {
  const records = createWriteStream(options.recordsFile, { flags: "a" });
  const threshold = LEVELS.indexOf(options.printLevel.toUpperCase());
  const originals = CONSOLE_METHODS.map((method) => [method, console[method]] as const);
  for (const [method, original] of originals) {
    console[method] = (...args: unknown[]) => {
      const record = args.length === 1 ? parseRecord(args[0]) : undefined;
      if (!record) {
        original.apply(console, args);
        return;
      }
      if (LEVELS.indexOf(record.level) >= LEVELS.indexOf("INFO"))
        records.write(`${JSON.stringify(record)}\n`);
      if (LEVELS.indexOf(record.level) < threshold) return;
      original.call(console, options.format === "json" ? JSON.stringify(record) : prettyLine(record));
    };
  }
  return {
    close() {
      for (const [method, original] of originals) console[method] = original;
      return new Promise((done) => records.end(done));
    },
  };
}

/** `14:03:05 INFO  event queued  route=bandwidth-v1-notifications eventId=… type=…` */
export function prettyLine(record: LogRecord): string {
  const time = record.timestamp.slice(11, 19);
  const fields = SHOWN.flatMap((key) => {
    const value = record[key];
    if (value === undefined || value === null || value === "") return [];
    // Event ids are 64 hex digits; 12 tell them apart on a console (the records keep them whole).
    const text = key === "eventId" ? String(value).slice(0, 12) : String(value);
    return [`${key}=${text}`];
  });
  const error = record.error as { message?: unknown } | undefined;
  if (error?.message) fields.push(`error="${String(error.message)}"`);
  return `${time} ${record.level.padEnd(5)} ${record.message}  ${fields.join(" ")}`.trimEnd();
}

/** The logger's line (JSON with a level and a message), stamped with the time it was written. */
function parseRecord(value: unknown): LogRecord | undefined {
  if (typeof value !== "string" || !value.startsWith("{")) return undefined;
  try {
    const record = JSON.parse(value) as Partial<LogRecord>;
    if (typeof record.level !== "string" || typeof record.message !== "string") return undefined;
    return { ...record, timestamp: record.timestamp ?? new Date().toISOString() } as LogRecord;
  } catch {
    return undefined; // not one of the logger's lines
  }
}
