import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { esbuildOptions } from "../helpers/esbuildOptions.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const serverless = parseYaml(readFileSync(resolve(ROOT, "serverless.yml"), "utf8")) as {
  custom: { esbuild: Record<string, unknown> };
  functions: Record<string, { handler: string }>;
};

/** The npm packages a function's bundle carries, built as serverless-esbuild builds it (lazy imports included). */
async function packagesOf(functionName: string): Promise<Set<string>> {
  const handler = serverless.functions[functionName]?.handler ?? "";
  const { metafile } = await build({
    ...esbuildOptions(serverless.custom.esbuild),
    entryPoints: [resolve(ROOT, `${handler.replace(/\.[^.]+$/, "")}.ts`)],
    outfile: resolve(ROOT, ".bundle-check.mjs"),
    write: false,
    metafile: true,
    absWorkingDir: ROOT,
    logLevel: "silent",
  });
  return new Set(
    Object.keys(metafile.inputs).flatMap(
      (path) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1] ?? [],
    ),
  );
}

describe("what the function bundles carry", () => {
  it.each(Object.keys(serverless.functions))(
    "%s: no @aws-sdk/client-sqs, since the functions call SQS with signed requests (lib/aws/sqs.ts)",
    async (name) => {
      const packages = await packagesOf(name);
      expect(packages.size).toBeGreaterThan(0);
      expect([...packages].filter((name) => name === "@aws-sdk/client-sqs")).toEqual([]);
    },
  );
});
