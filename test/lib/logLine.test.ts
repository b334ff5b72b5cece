import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { installLogSink as InstallLogSink } from "../../scripts/local/logSink.ts";

// The logger writes through the global console in dev mode (how `npm start`'s sink collects lines),
// both read when the logger is built: set before lib/log.ts is imported (the suite runs SILENT).
process.env.LOG_TO_CONSOLE = "true";
process.env.LOG_LEVEL = "INFO";
let logger: typeof import("../../lib/log.ts")["logger"];
let Logger: typeof import("../../lib/log.ts")["Logger"];
let installLogSink: typeof InstallLogSink;
beforeAll(async () => {
  ({ logger, Logger } = await import("../../lib/log.ts"));
  ({ installLogSink } = await import("../../scripts/local/logSink.ts"));
});

const originalInfo = console.info;
afterEach(() => {
  console.info = originalInfo;
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** The lines a logger writes through the console (dev mode), parsed. */
function captured(method: "info" | "warn" | "error" | "debug", write: () => void): Record<string, unknown>[] {
  const written: unknown[] = [];
  vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void written.push(...args));
  write();
  return written.map((line) => JSON.parse(String(line)));
}

describe("the log line", () => {
  it("holds the level, the message and the line's keys, and no key CloudWatch already has", () => {
    const written: unknown[] = [];
    console.info = (...args: unknown[]) => written.push(...args);
    logger.info("event queued", { eventId: "evt-1", numbers: "+19195551212" });
    expect(written).toHaveLength(1);
    expect(JSON.parse(String(written[0]))).toEqual({
      level: "INFO",
      message: "event queued",
      eventId: "evt-1",
      numbers: "+19195551212",
    });
  });

  it("writes an error with its name, location, message, stack, cause and own fields, and survives a cycle", () => {
    const cause = new Error("socket hang up");
    const error = Object.assign(new Error("queue unavailable", { cause }), {
      code: "ECONNRESET",
      status: 503,
    });
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    const [line] = captured("error", () => logger.error("publish failed", { error, cyclic, big: 10n }));
    expect(line).toEqual({
      level: "ERROR",
      message: "publish failed",
      error: {
        name: "Error",
        // The first frame that names a function and its file:line (Powertools' rule).
        location: expect.stringMatching(/\.js:\d+$|\.ts:\d+$/),
        message: "queue unavailable",
        stack: expect.stringContaining("Error: queue unavailable"),
        cause: expect.objectContaining({ name: "Error", message: "socket hang up" }),
        code: "ECONNRESET",
        status: 503,
      },
      cyclic: { name: "loop" },
      big: "10",
    });
  });

  it("writes nothing below its level, and keeps a line's level and message its own", () => {
    const quiet = new Logger();
    quiet.setLogLevel("warn");
    expect(captured("info", () => quiet.info("below the level"))).toEqual([]);
    expect(captured("warn", () => quiet.warn("kept", { level: "DEBUG", message: "not this" }))).toEqual([
      { level: "WARN", message: "kept" },
    ]);
    quiet.setLogLevel("SILENT");
    expect(captured("error", () => quiet.error("silenced"))).toEqual([]);
  });

  it("starts at Lambda's application log level when Lambda sets one, before LOG_LEVEL", () => {
    vi.stubEnv("LOG_LEVEL", "DEBUG");
    vi.stubEnv("AWS_LAMBDA_LOG_LEVEL", "WARN");
    const inLambda = new Logger();
    expect(captured("info", () => inLambda.info("dropped by Lambda anyway"))).toEqual([]);
    expect(captured("warn", () => inLambda.warn("kept"))).toEqual([{ level: "WARN", message: "kept" }]);
    vi.stubEnv("AWS_LAMBDA_LOG_LEVEL", undefined);
    const elsewhere = new Logger();
    expect(captured("debug", () => elsewhere.debug("kept locally"))).toEqual([
      { level: "DEBUG", message: "kept locally" },
    ]);
  });

  it("writes straight to stdout and stderr outside dev mode, where Lambda's runtime leaves the line as it is", () => {
    vi.stubEnv("LOG_TO_CONSOLE", "");
    const lambda = new Logger();
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => out.push(String(chunk)) > 0);
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => err.push(String(chunk)) > 0);
    lambda.info("event queued", { eventId: "evt-3" });
    lambda.warn("delivery failed, will retry", { eventId: "evt-3" });
    vi.restoreAllMocks();
    expect(out).toEqual(['{"level":"INFO","message":"event queued","eventId":"evt-3"}\n']);
    expect(err).toEqual(['{"level":"WARN","message":"delivery failed, will retry","eventId":"evt-3"}\n']);
  });

  it("is stamped with the time it was written by npm start's log sink, as CloudWatch stamps it", async () => {
    const recordsFile = join(mkdtempSync(join(tmpdir(), "log-sink-")), "log.jsonl");
    const sink = installLogSink({ recordsFile, format: "json", printLevel: "SILENT" });
    const before = new Date().toISOString();
    logger.info("delivered", { eventId: "evt-2" });
    logger.debug("below the records' level", { eventId: "evt-2" });
    await sink.close();
    const records = readFileSync(recordsFile, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(records).toEqual([
      { level: "INFO", message: "delivered", eventId: "evt-2", timestamp: expect.any(String) },
    ]);
    expect(records[0].timestamp >= before && records[0].timestamp <= new Date().toISOString()).toBe(true);
  });
});
