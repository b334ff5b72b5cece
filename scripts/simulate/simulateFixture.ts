import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fixtureKind } from "./fixtureKind.ts";
import { findLanding, lineCount } from "./landing.ts";
import { planSteps } from "./plan.ts";

export interface SimulateOptions {
  /** The gateway's base URL (`http://127.0.0.1:3000`). */
  url: string;
  /** npm start's default file destination, to report where each event landed; null to not look. */
  landingFile: string | null;
  landingTimeoutMs: number;
  env?: NodeJS.ProcessEnv;
  print: (line: string) => void;
}

/**
 * Sends one fixture the way its provider would, prints each request's status and where the event
 * landed, and says whether every answer was the one a correctly configured gateway gives.
 */
export async function simulateFixture(file: string, options: SimulateOptions): Promise<boolean> {
  const kind = fixtureKind(file);
  if (!kind) {
    options.print(
      `${file}: not a provider fixture (events/bandwidth/v1/*.xml, events/bandwidth/v2/*.json, events/telnyx/*.json)`,
    );
    return false;
  }
  const body = readFileSync(file);
  const target = `${options.url.replace(/\/$/, "")}${kind.path}`;
  options.print(`${shown(file)} → POST ${target}`);
  const linesBefore = options.landingFile ? lineCount(options.landingFile) : 0;
  let accepted: { id: string; type: string } | undefined;
  for (const step of await planSteps(kind, body, new Date(), options.env)) {
    const response = await fetch(target, { method: "POST", headers: step.headers, body });
    const text = await response.text();
    const challenge = response.headers.get("www-authenticate");
    const ok =
      response.status === step.expectStatus && (!step.expectChallenge || /^Basic /i.test(challenge ?? ""));
    const detail = step.expectChallenge
      ? `WWW-Authenticate: ${challenge ?? "(missing)"}`
      : text.slice(0, 160);
    options.print(
      `  ${step.label.padEnd(26)} ${response.status} ${detail}${ok ? "" : `  ✗ expected ${step.expectStatus}`}`,
    );
    if (!ok) return false;
    if (response.status === 200) accepted = JSON.parse(text) as { id: string; type: string };
  }
  if (accepted && options.landingFile) {
    const line = await findLanding(options.landingFile, accepted.id, options.landingTimeoutMs);
    options.print(
      line === null
        ? `  not in ${shown(options.landingFile)} after ${options.landingTimeoutMs / 1000} s (another DESTINATIONS in use?)`
        : line <= linesBefore
          ? `  duplicate: event ${accepted.id} was already delivered (line ${line} of ${shown(options.landingFile)}); the queue drops a repeat within 5 minutes`
          : `  landed in ${shown(options.landingFile)} line ${line} as ${accepted.type}`,
    );
  }
  return true;
}

/** A path relative to the working directory when it is below it, otherwise absolute. */
function shown(path: string): string {
  const relativePath = relative(process.cwd(), path);
  return relativePath.startsWith("..") ? path : relativePath;
}
