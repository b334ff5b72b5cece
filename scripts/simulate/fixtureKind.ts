import { readdirSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";

/** Which provider sends a fixture, and to which path, from where it sits under `events/`. */
export interface FixtureKind {
  provider: "bandwidth-v1" | "bandwidth-v2" | "telnyx";
  path: string;
}

const KINDS: Readonly<Record<string, FixtureKind & { extension: string }>> = {
  [join("bandwidth", "v1")]: {
    provider: "bandwidth-v1",
    path: "/bandwidth/v1/notifications",
    extension: ".xml",
  },
  [join("bandwidth", "v2")]: {
    provider: "bandwidth-v2",
    path: "/bandwidth/v2/notifications",
    extension: ".json",
  },
  telnyx: { provider: "telnyx", path: "/telnyx/notifications", extension: ".json" },
};

/** `events/telnyx/x.json` → Telnyx; null for a file outside the provider folders (attack corpus, …). */
export function fixtureKind(file: string): FixtureKind | null {
  const folder = dirname(resolve(file));
  for (const [suffix, kind] of Object.entries(KINDS)) {
    if (folder.endsWith(`${sep}events${sep}${suffix}`) && basename(file).endsWith(kind.extension)) {
      return { provider: kind.provider, path: kind.path };
    }
  }
  return null;
}

/** Every fixture a provider would send, under an `events/` folder, in a stable order. */
export function allFixtures(eventsDir: string): string[] {
  return Object.entries(KINDS).flatMap(([suffix, kind]) =>
    readdirSync(join(eventsDir, suffix))
      .filter((name) => name.endsWith(kind.extension))
      .sort()
      .map((name) => join(eventsDir, suffix, name)),
  );
}
