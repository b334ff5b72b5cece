import {
  type CloudWatchLogsClient,
  GetQueryResultsCommand,
  type ResultField,
  StartQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import type { LogRecord } from "../local/logSink.ts";

/** Logs Insights returns at most 10,000 rows per query: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html */
const MAX_ROWS = 10_000;
const POLL_MS = 1_000;

export interface InsightsSource {
  client: CloudWatchLogsClient;
  /** The functions' log groups (`/aws/lambda/<service>-<stage>-<function>`; at most 50 per query). */
  logGroupNames: string[];
  since: Date;
  until: Date;
  /** Waits between polls; replaced in tests so they do not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

/** The Logs Insights filter for lines that name the term (the same fields `mentions` reads locally). */
export function findQuery(term: string): string {
  const value = quoted(term);
  return [
    "fields @timestamp, @message",
    `| filter eventId = ${value} or orderId = ${value} or pon = ${value} or decisionEventId = ${value} or numbers like ${value}`,
    `| sort @timestamp asc | limit ${MAX_ROWS}`,
  ].join("\n");
}

/** The Logs Insights filter for every line about these events, including the per-batch `archived` lines. */
export function pathQuery(eventIds: readonly string[]): string {
  const list = eventIds.map(quoted).join(", ");
  const alternatives = eventIds.map((id) => id.replace(/[^A-Za-z0-9_-]/g, ".")).join("|");
  return [
    "fields @timestamp, @message",
    `| filter eventId in [${list}] or eventIds like /${alternatives}/`,
    `| sort @timestamp asc | limit ${MAX_ROWS}`,
  ].join("\n");
}

/** Runs one Logs Insights query (StartQuery, then GetQueryResults until it completes) and returns its lines. */
export async function runInsightsQuery(source: InsightsSource, queryString: string): Promise<LogRecord[]> {
  const sleep = source.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
  const { queryId } = await source.client.send(
    new StartQueryCommand({
      logGroupNames: source.logGroupNames,
      startTime: Math.floor(source.since.getTime() / 1000),
      endTime: Math.ceil(source.until.getTime() / 1000),
      queryString,
      limit: MAX_ROWS,
    }),
  );
  for (;;) {
    const answer = await source.client.send(new GetQueryResultsCommand({ queryId }));
    if (answer.status === "Complete") return (answer.results ?? []).flatMap(recordOf);
    if (answer.status !== "Running" && answer.status !== "Scheduled")
      throw new Error(`the Logs Insights query ended ${answer.status ?? "without a status"}`);
    await sleep(POLL_MS);
  }
}

/**
 * A result row's `@message` is the function's JSON log line, stamped with the row's `@timestamp`
 * (the log event's time, `2026-11-25 10:00:00.000` in UTC); anything else (START, REPORT) is skipped.
 */
function recordOf(row: ResultField[]): LogRecord[] {
  const message = row.find((field) => field.field === "@message")?.value;
  const stamp = row.find((field) => field.field === "@timestamp")?.value;
  if (!message?.startsWith("{")) return [];
  try {
    const record = JSON.parse(message) as Partial<LogRecord>;
    // Lines written before the logger left the key out carry their own.
    const timestamp = record.timestamp ?? (stamp ? `${stamp.replace(" ", "T")}Z` : undefined);
    return typeof timestamp === "string" && typeof record.message === "string"
      ? [{ ...record, timestamp } as LogRecord]
      : [];
  } catch {
    return [];
  }
}

/** A Logs Insights string literal; the term is checked for quotes and backslashes before it gets here. */
function quoted(value: string): string {
  return `"${value}"`;
}
