/**
 * With `TEST_CPU_LOG=<file>` (vitest.config.ts adds this file to `setupFiles` then), appends one
 * JSON line per test file: the CPU seconds the file cost its worker and the child processes it
 * started and reaped (runtimes, CLIs), from /proc/self/stat (utime, stime, cutime, cstime), and its
 * wall seconds. `npm test` without it does not load this file.
 */
import { appendFileSync } from "node:fs";
import { afterAll, expect } from "vitest";
import { procCpuSeconds } from "./procCpu.ts";

// Set up before the test file is imported (vitest runs setup files first, for every file), so its
// imports count too.
const start = procCpuSeconds();
const startedAt = performance.now();
afterAll(() => {
  const { own, children } = procCpuSeconds();
  const line = {
    file: String(expect.getState().testPath).replace(`${process.cwd()}/`, ""),
    own: +(own - start.own).toFixed(2),
    children: +(children - start.children).toFixed(2),
    wall: +((performance.now() - startedAt) / 1000).toFixed(2),
  };
  appendFileSync(String(process.env.TEST_CPU_LOG), `${JSON.stringify(line)}\n`);
});
