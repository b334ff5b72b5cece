import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readServiceTemplate } from "../../../scripts/local/template.ts";

const ROOT = resolve(import.meta.dirname, "../../..");

/** A service directory with `serverless.yml` and the given extra files. */
function serviceDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "neg-template-"));
  mkdirSync(join(dir, "serverless"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return join(dir, "serverless.yml");
}

const QUEUE = "Type: AWS::SQS::Queue\n      Properties: { FifoQueue: true }";

describe("readServiceTemplate", () => {
  it("finds the project's queues, table, bucket and delivery stream in serverless.yml and its includes", () => {
    const template = readServiceTemplate(resolve(ROOT, "serverless.yml"));
    expect(template.queues.map((queue) => queue.logicalId)).toContain("EventsQueue");
    expect(template.tables.map((table) => table.logicalId)).toEqual([
      "PortoutDirectoryTable",
      "OrderStateTable",
    ]);
    expect(template.buckets).toEqual(["ArchiveBucket"]);
    // The stream's buffering hints are the template's params, resolved from their defaults for npm start.
    expect(template.deliveryStreams).toEqual([
      {
        logicalId: "ArchiveDeliveryStream",
        bucket: "ArchiveBucket",
        prefix: "raw/date=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/",
        intervalSeconds: 900,
        sizeMb: 128,
      },
    ]);
  });

  it("reads resources from a file included in a resources list, relative to serverless.yml", () => {
    const path = serviceDir({
      "serverless.yml": `resources:\n- Resources:\n    A:\n      ${QUEUE}\n- \${file(serverless/more.yml)}\n`,
      "serverless/more.yml": `Resources:\n  B:\n    ${QUEUE.replace("      ", "    ")}\nOutputs: {}\n`,
    });
    expect(readServiceTemplate(path).queues.map((queue) => queue.logicalId)).toEqual(["A", "B"]);
  });

  it("reads a resources block that is a single object", () => {
    const path = serviceDir({ "serverless.yml": `resources:\n  Resources:\n    A:\n      ${QUEUE}\n` });
    expect(readServiceTemplate(path).queues).toEqual([
      { logicalId: "A", fifo: true, properties: { FifoQueue: true } },
    ]);
  });

  it("reads a schedule's rate and on/off switch from the stack params' defaults", () => {
    const fn = (name: string, enabled: string) =>
      `  ${name}:\n    handler: functions/${name}.handler\n    events:\n      - schedule:\n          rate: \${param:every}\n          enabled: \${param:${enabled}}\n`;
    const path = serviceDir({
      "serverless.yml": `params:\n  default:\n    every: rate(15 minutes)\n    on: true\n    off: false\nfunctions:\n${fn("a", "on")}${fn("b", "off")}`,
    });
    expect(
      readServiceTemplate(path).schedules.map(({ functionName, everySeconds }) => [
        functionName,
        everySeconds,
      ]),
    ).toEqual([["a", 900]]);
  });

  it("refuses a resources part it cannot resolve, rather than missing its resources", () => {
    const path = serviceDir({ "serverless.yml": `resources:\n- \${self:custom.more}\n` });
    expect(() => readServiceTemplate(path)).toThrow(/unsupported resources part \$\{self:custom.more\}/);
  });
});
