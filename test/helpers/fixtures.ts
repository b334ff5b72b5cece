import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const EVENTS_DIR = resolve(import.meta.dirname, "../../events");

/** Every fixture file of one provider folder (`bandwidth/v1`), as [name, text]. */
export function fixtures(folder: string): [string, string][] {
  const dir = join(EVENTS_DIR, folder);
  return readdirSync(dir)
    .sort()
    .map((name) => [name, readFileSync(join(dir, name), "utf8")]);
}

export function fixture(path: string): string {
  return readFileSync(join(EVENTS_DIR, path), "utf8");
}
