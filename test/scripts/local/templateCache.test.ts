import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readServiceTemplate } from "../../../scripts/local/template.ts";
import { readServiceTemplateCached } from "../../../scripts/local/templateCache.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const queue = (name: string) =>
  `    ${name}:\n      Type: AWS::SQS::Queue\n      Properties: { FifoQueue: true }\n`;

describe("readServiceTemplateCached", () => {
  it("gives the project's template as readServiceTemplate does, the first time and from the cache", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "neg-template-cache-"));
    const path = resolve(ROOT, "serverless.yml");
    const parsed = readServiceTemplate(path);
    expect(await readServiceTemplateCached(path, cacheDir)).toEqual(parsed);
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expect(await readServiceTemplateCached(path, cacheDir)).toEqual(parsed);
  });

  it("reads the template again when serverless.yml or a file it includes changes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "neg-template-"));
    const cacheDir = join(dir, "cache");
    mkdirSync(join(dir, "serverless"));
    const path = join(dir, "serverless.yml");
    const queuesOf = async () =>
      (await readServiceTemplateCached(path, cacheDir)).queues.map((spec) => spec.logicalId);
    writeFileSync(path, `resources:\n- Resources:\n${queue("A")}- \${file(serverless/more.yml)}\n`);
    writeFileSync(join(dir, "serverless/more.yml"), `Resources:\n${queue("B").replace(/^ {2}/gm, "")}`);
    expect(await queuesOf()).toEqual(["A", "B"]);
    writeFileSync(join(dir, "serverless/more.yml"), `Resources:\n${queue("C").replace(/^ {2}/gm, "")}`);
    expect(await queuesOf()).toEqual(["A", "C"]);
    writeFileSync(path, `resources:\n- Resources:\n${queue("D")}- \${file(serverless/more.yml)}\n`);
    expect(await queuesOf()).toEqual(["D", "C"]);
    expect(readdirSync(cacheDir)).toHaveLength(3);
  });
});
