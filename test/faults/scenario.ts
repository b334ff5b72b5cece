import { afterAll } from "vitest";
import { writeBenchmarksSection } from "../bench/benchmarksFile.ts";
import type { RunningRuntime } from "../helpers/localRuntime.ts";
import { type Provider, type ScenarioResult, summaryTable } from "./harness.ts";

export const PROVIDERS: Provider[] = ["bandwidth-v1", "bandwidth-v2", "telnyx"];
/** Attempts per webhook: Bandwidth v1 never retries; Telnyx does (we give it 20 tries 250 ms apart). */
export const RETRYING: Record<Provider, number> = { "bandwidth-v1": 1, "bandwidth-v2": 1, telnyx: 20 };
/**
 * Each scenario stops only a hung run: on a loaded machine running test files side by side, one
 * takes a few times its idle duration. The outcome asserted is the count, never the time.
 */
export const SCENARIO_TIMEOUT_MS = 300_000;

/**
 * How many webhooks a scenario sends: `full` under `npm run test:faults` (`FAULTS_FULL=1`) and
 * whenever the tables are recorded (`FAULTS_WRITE=1`), `quick` under `npm test`. Each scenario
 * states, where it uses this, why its quick count still proves the same property: the load only
 * has to span the fault's transitions, it is not what the scenario measures.
 */
export function scaled(full: number, quick: number): number {
  return process.env.FAULTS_FULL || process.env.FAULTS_WRITE ? full : quick;
}

/**
 * The counting destination as the one destination. It answers from the test's own process, which also
 * sends the scenario's webhooks, so on a loaded machine an answer can take seconds; a timeout shorter
 * than that makes deliver send again an event the destination already counted, a duplicate that says
 * nothing about the fault under test. Hence 10 s, not a production-like 2 s: the scenarios that are
 * about slow destinations set their own.
 */
export const destinationsFor = (url: string) =>
  JSON.stringify({ destinations: [{ name: "counting", type: "http", url, timeoutMs: 10_000 }] });

/**
 * The scenarios' results of one test file: printed after it, and with `FAULTS_WRITE=1 npm run
 * test:faults` recorded in BENCHMARKS.md under "Fault injection: <group>" (one section per file, so
 * files running side by side never write the same section).
 */
export function faultResults(group: string): ScenarioResult[] {
  const results: ScenarioResult[] = [];
  afterAll(() => {
    console.log(`\nFault injection: ${group}\n\n${summaryTable(results)}\n`);
    if (process.env.FAULTS_WRITE) {
      const when = `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run test:faults\` through the local pipeline.`;
      writeBenchmarksSection(`Fault injection: ${group}`, `${when}\n\n${summaryTable(results)}`);
    }
  });
  return results;
}

export async function stopAll(
  runtime: RunningRuntime,
  proxy: { stop(): Promise<void> } | undefined,
  destination: { stop(): Promise<void> },
) {
  await runtime.stop();
  await proxy?.stop();
  await destination.stop();
}
