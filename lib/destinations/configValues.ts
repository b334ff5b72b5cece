import { ConfigError } from "../errors.ts";
import { isObject } from "../json/parseJsonObject.ts";

/**
 * Small readers for one destinations-config entry. Every error names the variable and the exact key,
 * and keys a destination type does not know are rejected rather than ignored (a typo in `url` must
 * not silently deliver nowhere).
 */
export const DESTINATIONS_VARIABLE = "DESTINATIONS";

export function rejectUnknownKeys(
  raw: Record<string, unknown>,
  allowed: readonly string[],
  where: string,
): void {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key))
      throw new ConfigError(DESTINATIONS_VARIABLE, `${where}: unknown key "${key}"`);
  }
}

export function stringAt(raw: Record<string, unknown>, key: string, where: string): string {
  const value = raw[key];
  if (typeof value !== "string" || value.trim() === "") {
    throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.${key} must be a non-empty string`);
  }
  return value;
}

export function optionalPositiveInt(
  raw: Record<string, unknown>,
  key: string,
  where: string,
  fallback: number,
): number {
  const value = raw[key];
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.${key} must be a positive integer`);
  }
  return value;
}

export function optionalStringMap(
  raw: Record<string, unknown>,
  key: string,
  where: string,
): Record<string, string> {
  const value = raw[key];
  if (value === undefined) return {};
  if (!isObject(value)) {
    throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.${key} must be an object of strings`);
  }
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== "string")
      throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.${key}.${name} must be a string`);
  }
  return value as Record<string, string>;
}
