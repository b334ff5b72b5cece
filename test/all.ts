/**
 * `npm test`: the type check and Biome beside `vitest run` instead of before it. The test files
 * spend much of their time waiting on child processes and sockets, so the two cores have idle
 * time; `tsc` (about 20 s of one core) and Biome run at a lower priority (nice 10) and take that
 * idle time rather than the tests' share. Their output is printed after the tests; the run fails
 * if any of the three fails. Arguments go to vitest (`npm test -- test/e2e`).
 */
import { spawn } from "node:child_process";
import { setPriority } from "node:os";
import { resolve } from "node:path";
import { NODE_COMPILE_CACHE } from "./helpers/compileCache.ts";

const ROOT = resolve(import.meta.dirname, "..");
const LOW_PRIORITY = 10;

interface Step {
  name: string;
  code: number;
  output: string;
}

/** Runs a node script of a dev dependency; `quiet` keeps its output to print later, at low priority. */
function run(name: string, script: string, args: readonly string[], quiet: boolean): Promise<Step> {
  const child = spawn(process.execPath, [resolve(ROOT, script), ...args], {
    cwd: ROOT,
    // vitest's own process then compiles from the cache too, and so do the `sls package` runs its
    // global setup starts, which do not get vitest.config.ts's `env`.
    env: { ...process.env, NODE_COMPILE_CACHE },
    stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
  });
  if (quiet && child.pid) setPriority(child.pid, LOW_PRIORITY);
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  return new Promise((done) => {
    child.once("error", (error) => done({ name, code: 1, output: String(error) }));
    child.once("exit", (code, signal) => done({ name, code: code ?? (signal ? 1 : 0), output }));
  });
}

const checks = [
  run("tsc -p .", "node_modules/typescript/bin/tsc", ["-p", "."], true),
  run("biome check .", "node_modules/@biomejs/biome/bin/biome", ["check", "."], true),
];
const tests = await run(
  "vitest run",
  "node_modules/vitest/vitest.mjs",
  ["run", ...process.argv.slice(2)],
  false,
);
const steps = [...(await Promise.all(checks)), tests];
for (const { name, code, output } of steps.slice(0, -1)) {
  console.log(`\n${name}: ${code === 0 ? "ok" : `failed (exit ${code})`}\n${output.trimEnd()}`);
}
process.exitCode = steps.some((step) => step.code !== 0) ? 1 : 0;
