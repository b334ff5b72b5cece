import { readdirSync, readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { NODE_COMPILE_CACHE } from "./test/helpers/compileCache.ts";

/**
 * Files that change process-wide state another file could see: the environment (an assignment to
 * `process.env`, `vi.stubEnv`), module mocks and spies (`vi.`), or a handler in functions/ that reads
 * its configuration when first imported. Each of them runs in a fresh worker; every other file shares
 * its worker, and the modules that worker has already loaded, with the files before it. Starting a
 * worker and loading vitest, the SDK and our modules again cost about 0.7 s of CPU per file. (Reading
 * `process.env`, or naming functions/ in a string, changes nothing: those files share.)
 */
const TOUCHES_PROCESS_STATE = new RegExp(
  [
    String.raw`process\.env(\.\w+|\[[^\]]+\])\s*=[^=]`,
    String.raw`Object\.assign\(process\.env`,
    String.raw`delete process\.env`,
    String.raw`\bvi\.`,
    String.raw`(from |import\()"[^"]*\bfunctions\/`,
  ].join("|"),
);
const testFiles = readdirSync("test", { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".test.ts"))
  .map((file) => `test/${file}`);
const isolated = testFiles.filter((file) => TOUCHES_PROCESS_STATE.test(readFileSync(file, "utf8")));

/**
 * The shared files longest first (from the last run's durations; files without one, and failed
 * ones, first), then the package tests, then the isolated files, longest first. test/globalSetup.ts
 * packages the package tests' configurations while the other files run, so they find them done
 * instead of holding workers while `sls package` runs.
 *
 * The isolated files come last because vitest keeps a shared worker (and the modules it loaded) for
 * the next file only while the file at the head of its queue is a shared one too; an isolated file
 * there makes it end the worker, and the next shared file starts a new one and loads everything
 * again (vitest's pool, `isEqualRunner`). Interleaved by duration, the two projects ended workers
 * all through the run: up to 35 s at its end ran on one or two workers, with gaps where none ran.
 * (Vitest's own order runs the isolated project first; when its files were long, the longest shared
 * files started 50 s into the run.)
 */
class LongestFirstPackageTestsLast extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    const cost = (spec: TestSpecification) => {
      const result = this.ctx.cache.getTestSpecificationResult(spec);
      return !result || result.failed ? Number.POSITIVE_INFINITY : result.duration;
    };
    const longestFirst = sorted
      .map((spec, index) => ({ spec, index, cost: cost(spec) }))
      // Equal costs (two unknown files) keep vitest's order.
      .sort((a, b) => b.cost - a.cost || a.index - b.index)
      .map(({ spec }) => spec);
    const readsPackages = (spec: TestSpecification) => spec.moduleId.includes("/test/package/");
    const isolatedFile = (spec: TestSpecification) => spec.project.config.isolate;
    const shared = longestFirst.filter((spec) => !isolatedFile(spec));
    return [
      ...shared.filter((spec) => !readsPackages(spec)),
      ...shared.filter(readsPackages),
      ...longestFirst.filter(isolatedFile),
    ];
  }
}

export default defineConfig({
  test: {
    // A folder per run where each distinct `sls package` output is kept and shared by the files.
    globalSetup: ["test/globalSetup.ts"],
    // CPU and wall per file, for the budget in docs/testing.md (test/helpers/cpuPerFile.ts).
    setupFiles: process.env.TEST_CPU_LOG ? ["test/helpers/cpuPerFile.ts"] : [],
    sequence: { sequencer: LongestFirstPackageTestsLast },
    // End-to-end tests start the local runtime as a child process; give them room on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Most files wait on child processes, sockets and emulators rather than the CPU (the suite kept
    // 2 cores about 43 % busy one file at a time, vitest's default of cores − 1 workers here). On a
    // quiet 2-core machine npm test took 2 min 45 s (306 s of CPU) with four files at once against
    // 2 min 55 s (312 s) with three: the files' waits overlap more. A test's timeout only stops a hung
    // run, never times it.
    maxWorkers: 4,
    env: {
      LOG_LEVEL: "SILENT",
      METRICS_DISABLED: "true",
      // For `npx vitest` run directly; `npm test` (test/all.ts) sets it for vitest's own process too.
      NODE_COMPILE_CACHE,
    },
    projects: [
      {
        extends: true,
        test: { name: "shared", include: ["test/**/*.test.ts"], exclude: isolated, isolate: false },
      },
      { extends: true, test: { name: "isolated", include: isolated.length > 0 ? isolated : ["<none>"] } },
    ],
  },
});
