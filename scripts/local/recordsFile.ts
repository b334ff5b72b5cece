import { existsSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";

/** The log records of `npm start` in its data folder (`npm run trace`, the console). */
export function recordsFileIn(dataDir: string): string {
  return join(dataDir, "log.jsonl");
}

/** Where {@link rotateRecords} moves a full records file: the one before it, read with it. */
export function previousRecordsFile(file: string): string {
  return file.replace(/\.jsonl$/, ".1.jsonl");
}

/** A records file larger than this is moved aside when `npm start` starts. */
export const MAX_RECORDS_BYTES = 64 * 1024 * 1024;

/**
 * Moves the records file aside, replacing the one moved before, once it holds more than `maxBytes`:
 * the file grows by every request and every delivery, and a folder used for weeks (or a soak) would
 * keep all of it. Called before anything writes to it (every handler thread appends to the same file,
 * so it is never moved while the runtime runs). Returns whether it moved the file.
 */
export function rotateRecords(file: string, maxBytes = MAX_RECORDS_BYTES): boolean {
  if (!existsSync(file) || statSync(file).size <= maxBytes) return false;
  renameSync(file, previousRecordsFile(file));
  return true;
}
