import { type DirectoryEntry, toDirectoryEntry } from "./directoryEntry.ts";
import { DirectoryUnavailableError } from "./errors.ts";
import type { SubscriberDirectory } from "./subscriberDirectory.ts";

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

/**
 * Reads the answer as a stream and stops at MAX_ANSWER_BYTES (or at once when its declared length is
 * over), so an endless or huge answer cannot exhaust the function's memory: out of memory is a 5xx,
 * which Bandwidth reads as approval. Stopping cancels the body, which closes the connection.
 */
async function readJson(response: Response, signal: AbortSignal): Promise<unknown> {
  const unusable = (message: string, cause?: unknown) =>
    new DirectoryUnavailableError(signal.aborted ? "timeout" : "bad-response", message, { cause });
  if (Number(response.headers.get("content-length")) > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    throw unusable(`directory answer declares more than ${MAX_ANSWER_BYTES} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      // Leaving the loop cancels the stream: nothing more is read.
      if (size > MAX_ANSWER_BYTES) break;
      chunks.push(chunk);
    }
  } catch (error) {
    throw unusable("directory answer unreadable", error);
  }
  if (size > MAX_ANSWER_BYTES) throw unusable(`directory answer over ${MAX_ANSWER_BYTES} bytes`);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (error) {
    throw unusable("directory answer unreadable", error);
  }
}
