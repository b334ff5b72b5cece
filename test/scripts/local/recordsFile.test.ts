import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { previousRecordsFile, recordsFileIn, rotateRecords } from "../../../scripts/local/recordsFile.ts";
import { readLocalRecords } from "../../../scripts/trace/localRecords.ts";

const line = (message: string, timestamp: string) =>
  `${JSON.stringify({ level: "INFO", message, timestamp })}\n`;

describe("npm start's log records", () => {
  it("are moved aside at start once over the limit, replacing the file moved before", () => {
    const file = recordsFileIn(mkdtempSync(join(tmpdir(), "records-")));
    expect(rotateRecords(file, 100)).toBe(false);
    writeFileSync(file, line("small", "2026-11-26T00:00:00.000Z"));
    expect(rotateRecords(file, 100)).toBe(false);
    expect(existsSync(previousRecordsFile(file))).toBe(false);

    writeFileSync(file, line("first", "2026-11-26T00:00:00.000Z").repeat(3));
    expect(rotateRecords(file, 100)).toBe(true);
    expect(existsSync(file)).toBe(false);
    writeFileSync(file, line("second", "2026-11-26T00:01:00.000Z").repeat(3));
    expect(rotateRecords(file, 100)).toBe(true);
    expect(readFileSync(previousRecordsFile(file), "utf8")).toContain('"second"');
    expect(readFileSync(previousRecordsFile(file), "utf8")).not.toContain('"first"');
  });

  it("are read from the file moved aside and the current one, oldest first, since the given time", async () => {
    const file = recordsFileIn(mkdtempSync(join(tmpdir(), "records-")));
    writeFileSync(
      previousRecordsFile(file),
      line("too old", "2026-11-26T00:00:00.000Z") + line("moved aside", "2026-11-26T00:02:00.000Z"),
    );
    writeFileSync(file, `${line("current", "2026-11-26T00:03:00.000Z")}{"cut short by a cra`);
    const records = await readLocalRecords(file, new Date("2026-11-26T00:01:00.000Z"));
    expect(records?.map((record) => record.message)).toEqual(["moved aside", "current"]);
  });
});
