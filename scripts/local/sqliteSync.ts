import { DatabaseSync } from "node:sqlite";

type Exec = (this: DatabaseSync, sql: string) => void;

const WAL_PRAGMA = /^\s*PRAGMA\s+journal_mode\s*=\s*WAL\s*;?\s*$/i;

/**
 * Runs `start` (which opens an SQLite store through `node:sqlite`, as fauxqs 2.4 does in its
 * PersistenceManager) so that each database it puts in WAL mode commits with `synchronous = NORMAL`
 * instead of SQLite's default FULL, which fsyncs the WAL on every commit — ≈ 4 ms on this machine's
 * disk, and fauxqs commits twice per FIFO SendMessage, blocking its event loop each time.
 * SQLite (https://www.sqlite.org/pragma.html#pragma_synchronous): in WAL mode with NORMAL "the
 * database will not rollback transactions due to application crashes", only after "a power loss or
 * system crash" (the database stays consistent). So a stop or a crash of the process keeps every
 * message; an OS crash may lose the last commits. fauxqs has no option for it, so its `exec` is
 * wrapped while it starts; a database that did not end in WAL mode keeps FULL. Answers how many
 * databases were switched, so the caller can check fauxqs still opens its store the way this expects.
 */
export async function withWalNormalSync<T>(
  start: () => Promise<T>,
): Promise<{ result: T; switched: number }> {
  const prototype = DatabaseSync.prototype as unknown as { exec: Exec };
  const original = prototype.exec;
  let switched = 0;
  prototype.exec = function (this: DatabaseSync, sql: string) {
    original.call(this, sql);
    if (!WAL_PRAGMA.test(sql)) return;
    const mode = this.prepare("PRAGMA journal_mode").get() as { journal_mode?: string } | undefined;
    if (mode?.journal_mode !== "wal") return;
    original.call(this, "PRAGMA synchronous = NORMAL");
    switched++;
  };
  try {
    return { result: await start(), switched };
  } finally {
    prototype.exec = original;
  }
}
