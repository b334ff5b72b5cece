import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // End-to-end tests start the local runtime as a child process; give them room on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Most files wait on child processes, sockets and emulators rather than the CPU (the suite kept
    // 2 cores about 43 % busy one file at a time, vitest's default of cores − 1 workers here): three
    // files at once keep both cores busy. A test's timeout only stops a hung run, never times it.
    maxWorkers: 3,
    env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" },
  },
});
