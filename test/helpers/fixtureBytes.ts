import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EVENTS_DIR } from "./fixtures.ts";

/** Every fixture of one provider folder as [name, exact bytes]: signed payloads are bytes, not text. */
export function fixtureBytes(folder: string): [string, Buffer][] {
  const dir = join(EVENTS_DIR, folder);
  return readdirSync(dir)
    .sort()
    .map((name) => [name, readFileSync(join(dir, name))]);
}

/** The exact bytes of one fixture (`telnyx/x.json`); a missing fixture fails the test loudly. */
export function fixtureFile(path: string): Buffer {
  return readFileSync(join(EVENTS_DIR, path));
}
