import { ConfigError } from "../errors.ts";
import type { CanonicalEvent } from "../event/canonical.ts";
import { isObject } from "../json/parseJsonObject.ts";
import { DESTINATIONS_VARIABLE, rejectUnknownKeys } from "./configValues.ts";

/**
 * Which events a destination wants. Every field is a list of alternatives (any one matches); fields
 * combine with AND; an absent field matches everything.
 */
export interface DestinationFilter {
  /** Canonical types; `*` matches any run of characters (`port_in.*`, `*.status_changed`). */
  types?: string[];
  providers?: string[];
  /** Canonical statuses (`complete`, `failed`, …). */
  statuses?: string[];
  /** E.164 prefixes; an event matches when any of its numbers starts with one. */
  phoneNumberPrefixes?: string[];
}

const FILTER_KEYS = ["types", "providers", "statuses", "phoneNumberPrefixes"] as const;

/** Validates the optional `filter` of a destination entry. */
export function parseFilter(raw: unknown, where: string): DestinationFilter {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.filter must be an object`);
  }
  const entry = raw;
  rejectUnknownKeys(entry, FILTER_KEYS, `${where}.filter`);
  const filter: DestinationFilter = {};
  for (const key of FILTER_KEYS) {
    const value = entry[key];
    if (value === undefined) continue;
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      !value.every((item) => typeof item === "string" && item)
    ) {
      throw new ConfigError(
        DESTINATIONS_VARIABLE,
        `${where}.filter.${key} must be a non-empty list of strings`,
      );
    }
    filter[key] = value as string[];
  }
  return filter;
}

/** Whether a destination with this filter receives the event. */
export function matchesFilter(filter: DestinationFilter, event: CanonicalEvent): boolean {
  const { data } = event;
  if (filter.types && !filter.types.some((pattern) => wildcard(pattern).test(event.type))) return false;
  if (filter.providers && !filter.providers.includes(data.provider)) return false;
  if (filter.statuses && !(data.status !== null && filter.statuses.includes(data.status))) return false;
  if (
    filter.phoneNumberPrefixes &&
    !data.phoneNumbers.some((number) =>
      filter.phoneNumberPrefixes?.some((prefix) => number.startsWith(prefix)),
    )
  ) {
    return false;
  }
  return true;
}

const compiled = new Map<string, RegExp>();

function wildcard(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    const body = pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    regex = new RegExp(`^${body}$`);
    compiled.set(pattern, regex);
  }
  return regex;
}
