import { resolve } from "node:path";
import { intEnv } from "../../lib/config/env.ts";
import { ConfigError } from "../../lib/errors.ts";

/**
 * The ports `npm start` listens on unless `EMULATOR_PORT`, `DYNAMODB_PORT`, `BANDWIDTH_API_PORT` or
 * `FIREHOSE_PORT` says otherwise.
 */
export const LOCAL_PORTS = {
  EMULATOR_PORT: 4566,
  DYNAMODB_PORT: 8000,
  BANDWIDTH_API_PORT: 4599,
  FIREHOSE_PORT: 4573,
} as const;

/** The port the variable `name` sets (`0`: any free port), `fallback` when it is not set. */
export function localPort(name: string, fallback: number): number {
  return process.env[name] === "0" ? 0 : intEnv(name, fallback);
}

/** The one interface every local service listens on (`HOST`; 127.0.0.1 by default: nothing is authenticated). */
export function localHost(): string {
  return process.env.HOST || "127.0.0.1";
}

/**
 * The folder `npm start` keeps its state, records and default destination in, and the operator
 * commands read: `LOCAL_DATA_DIR`, relative to the project root (`.local` when unset).
 */
export function localDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(import.meta.dirname, "../..", env.LOCAL_DATA_DIR ?? ".local");
}

/** The emulators' ports, by the variable that sets each: what `npm run emulators` and `npm start`'s own emulators listen on. */
export function emulatorPorts(): { EMULATOR_PORT: number; DYNAMODB_PORT: number } {
  return {
    EMULATOR_PORT: localPort("EMULATOR_PORT", LOCAL_PORTS.EMULATOR_PORT),
    DYNAMODB_PORT: localPort("DYNAMODB_PORT", LOCAL_PORTS.DYNAMODB_PORT),
  };
}

/**
 * 1–20 lower-case letters, digits and single hyphens, starting and ending with a letter or digit: a
 * prefixed bucket name (`<prefix>-archivebucket`) then keeps S3's bucket naming rules — lower case,
 * 3–63 characters, no `xn--` (no double hyphen), `sthree-` or `amzn-s3-demo-` start
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html) — and a queue name
 * SQS's (80 characters of letters, digits, hyphens and underscores).
 */
const PREFIX = /^(?=.{1,20}$)(?!sthree|amzn-s3-demo)[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * `LOCAL_NAME_PREFIX`: what `npm start` puts before every local queue, bucket and table name, so two
 * runtimes sharing one `npm run emulators` see only their own; empty (the logical ids alone) when unset.
 */
export function localNamePrefix(env: NodeJS.ProcessEnv = process.env): string {
  const prefix = env.LOCAL_NAME_PREFIX ?? "";
  if (prefix !== "" && !PREFIX.test(prefix))
    throw new ConfigError(
      "LOCAL_NAME_PREFIX",
      "must be 1–20 lower-case letters, digits and single hyphens, starting and ending with a letter or digit, not starting with sthree or amzn-s3-demo",
    );
  return prefix;
}

/**
 * Whether the emulators keep their state on disk under the data folder (`LOCAL_PERSIST=on`, the
 * default: queued events and directory records survive a restart) or in memory only (`off`: nothing is
 * written, and each commit of the SQS store's two per message is saved; a restart starts empty).
 */
export function localPersist(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.LOCAL_PERSIST ?? "on";
  if (value !== "on" && value !== "off") throw new ConfigError("LOCAL_PERSIST", 'must be "on" or "off"');
  return value === "on";
}

export type LocalResourceKind = "queue" | "fifoQueue" | "bucket" | "table";

/**
 * The one place a local resource is named from its logical id: the id itself (`EventsQueue.fifo`,
 * `PortoutDirectoryTable`), in lower case for a bucket (`archivebucket`), as S3 bucket names must be,
 * after `prefix` and a hyphen when there is one (`team-a-EventsQueue.fifo`, `team-a-archivebucket`).
 */
export function localName(logicalId: string, kind: LocalResourceKind, prefix: string): string {
  const name = kind === "bucket" ? logicalId.toLowerCase() : logicalId;
  return `${prefix ? `${prefix}-` : ""}${name}${kind === "fifoQueue" ? ".fifo" : ""}`;
}
