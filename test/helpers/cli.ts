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
      env: { ...process.env, LOG_LEVEL: "SILENT", ...env },
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

/** Runs a CLI like {@link runCli} but returns its exit code and both streams instead of throwing on failure. */
export function runCliStatus(
  name: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [resolve(ROOT, `scripts/cli/${name}.ts`), ...args],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: "SILENT", ...env }, timeout: 30_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}
