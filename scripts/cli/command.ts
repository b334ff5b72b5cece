/**
 * The one way every `npm run …` command fails: a single line on stderr saying what is wrong (and,
 * where the error knows, what to do), exit code 1 — or 2 for a usage mistake. The stack and the
 * causes are printed only with `--verbose`. A command's body is `runCommand("name", async (args) => …)`.
 */

/** A mistake in how the command was called: exit code 2, with the usage line. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Something a user can fix: its message says what to do; no stack unless `--verbose`. */
export class CommandError extends Error {
  override name = "CommandError";
}

/**
 * Runs `main` with the command-line arguments (without `--verbose`) and turns any error into one
 * line and a non-zero exit code. `main` may return the exit code (0 by default).
 */
export async function runCommand(
  name: string,
  main: (args: string[]) => Promise<number | undefined>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  const verbose = argv.includes("--verbose");
  const args = argv.filter((arg) => arg !== "--verbose");
  try {
    process.exitCode = (await main(args)) ?? 0;
  } catch (error) {
    console.error(`npm run ${name}: ${oneLine(error)}`);
    if (verbose) console.error(error);
    // Exit now: a command that failed half-way may hold servers or clients open (npm start's emulator).
    process.exit(isUsageMistake(error) ? 2 : 1);
  }
}

/** An error's message on one line; parser internals (YAML/XML positions, code frames) are cut off. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const [first = ""] = message.split("\n");
  return first.trim() || (error instanceof Error ? error.name : "failed");
}

/** A UsageError, or node:util parseArgs refusing an option (its codes start with ERR_PARSE_ARGS_). */
function isUsageMistake(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof UsageError || (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_"));
}
