import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { installLogSink as InstallLogSink } from "../../scripts/local/logSink.ts";

// Powertools writes through the global console in dev mode (how `npm start`'s sink collects lines),
// both read when the logger is built: set before lib/log.ts is imported (the suite runs SILENT).
process.env.POWERTOOLS_DEV = "true";
process.env.POWERTOOLS_LOG_LEVEL = "INFO";
let logger: typeof import("../../lib/log.ts")["logger"];
let installLogSink: typeof InstallLogSink;
beforeAll(async () => {
  ({ logger } = await import("../../lib/log.ts"));
  ({ installLogSink } = await import("../../scripts/local/logSink.ts"));
});

const originalInfo = console.info;
afterEach(() => {
  console.info = originalInfo;
});

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
