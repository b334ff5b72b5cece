import { execFileSync } from "node:child_process";

const CANDIDATES = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"];

/**
 * The system's Chromium (`CHROMIUM_PATH`, or the first of the usual names on PATH); `.ci/run`
 * installs it when missing. Undefined when there is none: browser tests are then skipped, loudly.
 */
export function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of CANDIDATES) {
    try {
      return execFileSync("which", [name], { encoding: "utf8" }).trim() || undefined;
    } catch {
      // not this one
    }
  }
  if (!warned) {
    warned = true;
    console.warn(
      "\n!!! NO BROWSER FOUND: the local console's browser test is SKIPPED, not passed.\n" +
        "!!! Install Chromium (apt-get install chromium, as .ci/run does) or set CHROMIUM_PATH.\n",
    );
  }
  return undefined;
}

let warned = false;
