import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";

const ROOT = resolve(import.meta.dirname, "../..");

/** Runs one of the operator CLIs (`scripts/cli/<name>.ts`) as `npm run <name>` would, and returns its output. */
export async function runCli(name: string, args: string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [resolve(ROOT, `scripts/cli/${name}.ts`), ...args],
    {
      cwd: ROOT,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: "SILENT", ...env },
      timeout: 30_000,
    },
  );
  return stdout;
}

/** The emulator URL a running local runtime printed in its banner. */
export function emulatorUrlOf(output: string): string {
  const match = /^SQS emulator: (\S+)$/m.exec(output);
  if (!match?.[1]) throw new Error(`no emulator URL in:\n${output}`);
  return match[1];
}
