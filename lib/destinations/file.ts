import { appendFile, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { DeliveryError } from "../errors.ts";
import { rejectUnknownKeys, stringAt } from "./configValues.ts";
import type { DestinationDriver } from "./driver.ts";

export interface FileDestinationConfig {
  name: string;
  type: "file";
  /** Resolved to an absolute path when the config is read. */
  path: string;
}

/** Conditions that can clear by themselves (disk space, file handles, a busy device). */
const TRANSIENT_CODES = new Set(["ENOSPC", "EMFILE", "ENFILE", "EAGAIN", "EBUSY", "EIO", "EDQUOT"]);

/** Appends one canonical event per line (JSON lines): the local default destination. */
export const fileDriver: DestinationDriver<FileDestinationConfig, { path: string; line: string }> = {
  type: "file",
  parseConfig(raw, where) {
    rejectUnknownKeys(raw, ["name", "type", "path"], where);
    return { name: stringAt(raw, "name", where), type: "file", path: resolve(stringAt(raw, "path", where)) };
  },
  format: (event, config) => ({ path: config.path, line: `${JSON.stringify(event)}\n` }),
  async deliver({ path, line }) {
    try {
      await mkdir(dirname(path), { recursive: true });
      // One write with O_APPEND: lines from concurrent deliveries do not interleave.
      await appendFile(path, line, { flag: "a" });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      // A path that is a directory, or under a file, or read-only will not fix itself.
      throw new DeliveryError(`could not append to ${path}: ${code || "error"}`, {
        retryable: TRANSIENT_CODES.has(code),
        cause: error,
      });
    }
  },
};
