import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileDriver } from "../../../lib/destinations/file.ts";
import { normalizeNotification } from "../../../lib/providers/bandwidth/v1/normalizeNotification.ts";
import { fixture } from "../../helpers/fixtures.ts";

describe("file destination", () => {
  it("appends one canonical event per line, creating folders as needed", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "file-dest-")), "nested", "events.jsonl");
    const config = fileDriver.parseConfig({ name: "audit", type: "file", path }, "d");
    const events = ["orders-complete.xml", "portins-foc.xml"].map((name) =>
      normalizeNotification(fixture(`bandwidth/v1/${name}`), "2026-01-02T03:04:05.000Z"),
    );
    await Promise.all(events.map((event) => fileDriver.deliver(fileDriver.format(event, config), config)));
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line).id).sort()).toEqual(events.map((event) => event.id).sort());
  });

  it("refuses permanently a path that cannot work until the config changes (below a regular file)", async () => {
    const blocker = join(mkdtempSync(join(tmpdir(), "file-dest-")), "not-a-folder");
    writeFileSync(blocker, "");
    const config = fileDriver.parseConfig(
      { name: "audit", type: "file", path: join(blocker, "events.jsonl") },
      "d",
    );
    const event = normalizeNotification(
      fixture("bandwidth/v1/orders-complete.xml"),
      "2026-01-02T03:04:05.000Z",
    );
    await expect(fileDriver.deliver(fileDriver.format(event, config), config)).rejects.toMatchObject({
      retryable: false,
    });
  });
});
