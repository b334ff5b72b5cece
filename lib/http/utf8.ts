import { MalformedBodyError } from "../errors.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Providers declare UTF-8; bytes that are not UTF-8 are a malformed body, not a guess. */
export function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new MalformedBodyError("body is not valid UTF-8");
  }
}
