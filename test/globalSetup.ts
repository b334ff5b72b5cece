import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startEmulatorsProcess } from "./helpers/emulatorsProcess.ts";
import { packageTemplate } from "./helpers/packageTemplate.ts";
import { CONFIGURATIONS } from "./package/configurations.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where this run keeps each distinct `sls package` output (test/helpers/packageTemplate.ts). */
    packageCacheDir: string;
    /** The run's one `npm run emulators`, which the runtimes tests start share (test/helpers/localRuntime.ts). */
    sharedEmulators: { EMULATOR_URL: string; DYNAMODB_URL: string };
  }
}

/**
 * One folder per `vitest run` for the packaged templates its files share; removed at the end. When
 * the run includes the package tests, every configuration they read is packaged into it ahead, one
 * after the other, while the other files run: the package tests run last (vitest.config.ts) and find
 * them done instead of holding workers while serverless starts. (At nice 10 the packagings starved
 * behind the other engineers' processes on a shared machine and the package tests waited 53 s at
 * the end of the run.)
 *
 * And one `npm run emulators` per run, on free ports, in memory (`LOCAL_PERSIST=off`), that every
 * `npm start` the tests start uses under a name prefix of its own (test/helpers/localRuntime.ts)
 * instead of starting its own emulators: ≈ 0.66 s of CPU and 0.45 s of wall less per start (≈ 35 a
 * run). In memory because the process outlives every runtime of the run, so a restarted runtime
 * finds its queued messages there anyway, and SQLite's two commits per message are saved (≈ 8 % of
 * the CPU of the files that push events, measured on six of them). Started with an IPC channel, it
 * ends with this process however the run ends.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "neg-package-run-"));
  project.provide("packageCacheDir", dir);
  const emulators = await startEmulatorsProcess();
  project.provide("sharedEmulators", emulators.env);
  const ahead = runsPackageTests() ? packageAhead(dir) : Promise.resolve();
  return async () => {
    await emulators.stop();
    await ahead;
    rmSync(dir, { recursive: true, force: true });
  };
}

/**
 * Whether this run includes test/package: no file filter after `run`, or one naming it. (Vitest
 * exposes its filters to globalSetup only through its command line.)
 */
function runsPackageTests(): boolean {
  const run = process.argv.indexOf("run");
  const filters = process.argv.slice(run + 1).filter((arg) => !arg.startsWith("-"));
  return run < 0 || filters.length === 0 || filters.some((filter) => filter.includes("package"));
}

async function packageAhead(dir: string) {
  for (const [stage, params] of Object.values(CONFIGURATIONS)) {
    // A failure here is left to the test that reads the configuration: it packages it again and
    // reports the error.
    await packageTemplate(stage, params, dir).catch(() => undefined);
  }
}
