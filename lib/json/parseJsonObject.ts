import { MalformedBodyError } from "../errors.ts";
import { decodeUtf8 } from "../http/utf8.ts";

/** Parses a JSON body that must be an object; anything else is a malformed body (400). */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8(body));
  } catch (error) {
    if (error instanceof MalformedBodyError) throw error;
    throw new MalformedBodyError("body is not valid JSON", { cause: error });
  }
  if (!isObject(value)) throw new MalformedBodyError("expected a JSON object");
  return value;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string field, or null when absent or of another type. */
export function stringOf(node: Record<string, unknown> | null, key: string): string | null {
  const value = node?.[key];
  return typeof value === "string" ? value : null;
}

/** An object field, or null. */
export function objectOf(node: Record<string, unknown> | null, key: string): Record<string, unknown> | null {
  const value = node?.[key];
  return isObject(value) ? value : null;
}

/** An array field, or an empty array. */
export function arrayOf(node: Record<string, unknown> | null, key: string): unknown[] {
  const value = node?.[key];
  return Array.isArray(value) ? value : [];
}
