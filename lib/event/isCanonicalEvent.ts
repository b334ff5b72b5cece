import { isObject } from "../json/parseJsonObject.ts";
import { type CanonicalEvent, SPEC_VERSION } from "./canonical.ts";

/**
 * Whether a parsed JSON value has the canonical envelope: this CloudEvents `specversion`, a string
 * `id` and an object `data`. A cheap shape check for values read back from our own queues and files,
 * not a validation against the JSON Schema.
 */
export function isCanonicalEvent(value: unknown): value is CanonicalEvent {
  return (
    isObject(value) &&
    value.specversion === SPEC_VERSION &&
    typeof value.id === "string" &&
    isObject(value.data)
  );
}
