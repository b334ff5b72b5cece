import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where this run keeps each distinct `sls package` output (test/helpers/packageTemplate.ts). */
    packageCacheDir: string;
  }
}

/** One folder per `vitest run` for the packaged templates its files share; removed at the end. */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "neg-package-run-"));
  project.provide("packageCacheDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
