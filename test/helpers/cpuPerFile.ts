/**
 * With `TEST_CPU_LOG=<file>` (vitest.config.ts adds this file to `setupFiles` then), appends one
 * JSON line per test file: the CPU seconds the file cost its worker and the child processes it
 * started and reaped (runtimes, CLIs), from /proc/self/stat (utime, stime, cutime, cstime), and its
 * wall seconds. `npm test` without it does not load this file.
 */
import { appendFileSync, readFileSync } from "node:fs";
import { afterAll, expect } from "vitest";

const TICKS_PER_SECOND = 100;

/** [own CPU, reaped children's CPU] in seconds, from /proc/self/stat (fields 14–17, after the command). */
function cpuSeconds(): [number, number] {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]?.split(" ").map(Number) ?? [];
  const at = (field: number) => fields[field - 3] ?? 0;
  return [(at(14) + at(15)) / TICKS_PER_SECOND, (at(16) + at(17)) / TICKS_PER_SECOND];
}

// Set up before the test file is imported (vitest runs setup files first, for every file), so its
// imports count too.
const start = cpuSeconds();
const startedAt = performance.now();
afterAll(() => {
  const [own, children] = cpuSeconds();
  const line = {
    file: String(expect.getState().testPath).replace(`${process.cwd()}/`, ""),
    own: +(own - start[0]).toFixed(2),
    children: +(children - start[1]).toFixed(2),
    wall: +((performance.now() - startedAt) / 1000).toFixed(2),
  };
  appendFileSync(String(process.env.TEST_CPU_LOG), `${JSON.stringify(line)}\n`);
});
