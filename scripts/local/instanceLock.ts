import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Another `npm start` already uses this data folder: its emulator state cannot be shared. */
export class AlreadyRunningError extends Error {
  override name = "AlreadyRunningError";
  constructor(pid: number, dataDir: string) {
    super(
      `already running (pid ${pid}) on the data folder ${dataDir}: use that one, stop it, or set LOCAL_DATA_DIR to another folder`,
    );
  }
}

/**
 * Claims the data folder for this process (`<dataDir>/npm-start.pid`); a file left by a process that
 * has ended is taken over. Returns the function that gives the folder back.
 */
export function claimDataDir(dataDir: string, pid: number = process.pid): () => void {
  const file = join(dataDir, "npm-start.pid");
  const holder = readHolder(file);
  if (holder !== undefined && holder !== pid && isAlive(holder))
    throw new AlreadyRunningError(holder, dataDir);
  writeFileSync(file, `${pid}\n`);
  return () => {
    if (readHolder(file) === pid) rmSync(file, { force: true });
  };
}

function readHolder(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // no file: nobody holds the folder
  }
}

/** Signal 0 tests for a process without touching it: https://nodejs.org/api/process.html#processkillpid-signal */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
