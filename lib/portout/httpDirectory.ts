import type { SubscriberDirectory } from "./directory.ts";
import { type DirectoryEntry, toDirectoryEntry } from "./entry.ts";
import { DirectoryUnavailableError } from "./errors.ts";

/** The most a directory answer may weigh; a larger one is refused rather than read. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * The HTTP backend, for operators whose subscriber records live in their own systems. The gateway
 * POSTs `{"telephoneNumbers": ["+12223331000", …]}` (JSON) to `url`, with the `Authorization` value
 * `authorization()` gives (a secret, read through the cached secret loader), and expects `200` with
 * `{"subscribers": [record, …]}`, each record in the stored shape (`StoredSubscriberRecord`: PIN and
 * account number as `scrypt$…` hashes; `npm run directory -- hash` makes them). Unknown numbers are
 * left out. Anything else, or no answer before the signal aborts, is DirectoryUnavailableError.
 */
export function httpDirectory(url: string, authorization?: () => Promise<string>): SubscriberDirectory {
  return {
    kind: "http",
    async lookup(numbers, signal) {
      let response: Response;
      try {
        const auth = authorization ? await authorization() : undefined;
        response = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json",
            ...(auth ? { authorization: auth } : {}),
          },
          body: JSON.stringify({ telephoneNumbers: numbers }),
          signal,
          redirect: "error",
        });
      } catch (error) {
        throw new DirectoryUnavailableError(
          signal.aborted ? "timeout" : "unreachable",
          "directory request failed",
          {
            cause: error,
          },
        );
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new DirectoryUnavailableError("bad-response", `directory answered HTTP ${response.status}`);
      }
      const answer = await readJson(response, signal);
      const subscribers = (answer as { subscribers?: unknown } | null)?.subscribers;
      if (!Array.isArray(subscribers)) {
        throw new DirectoryUnavailableError("bad-response", "directory answer has no subscribers list");
      }
      const asked = new Set(numbers);
      const entries = new Map<string, DirectoryEntry>();
      for (const record of subscribers) {
        if (typeof record !== "object" || record === null) {
          throw new DirectoryUnavailableError("invalid-record", "directory answer holds a non-object record");
        }
        const entry = toDirectoryEntry(record as Record<string, unknown>);
        // Only what was asked counts: a directory cannot vouch for numbers outside the request.
        if (asked.has(entry.telephoneNumber)) entries.set(entry.telephoneNumber, entry);
      }
      return entries;
    },
  };
}

async function readJson(response: Response, signal: AbortSignal): Promise<unknown> {
  try {
    const text = await response.text();
    if (Buffer.byteLength(text) > MAX_ANSWER_BYTES) throw new Error("answer too large");
    return JSON.parse(text);
  } catch (error) {
    throw new DirectoryUnavailableError(
      signal.aborted ? "timeout" : "bad-response",
      "directory answer unreadable",
      {
        cause: error,
      },
    );
  }
}
