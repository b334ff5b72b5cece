import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // End-to-end tests start the local runtime as a child process; give them room on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" },
  },
});
