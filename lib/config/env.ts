import { ConfigError } from "../errors.ts";

/** A required variable; the error names it. */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value.trim() === "") throw new ConfigError(name, "is required but not set");
  return value;
}

/** A positive integer variable with a default. */
export function intEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const value = env[name];
  if (value === undefined || value.trim() === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new ConfigError(name, `must be a positive integer, got "${value}"`);
  return parsed;
}

/** A comma-separated list variable, trimmed, empty items dropped; the default when unset. */
export function listEnv(
  name: string,
  fallback: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const value = env[name];
  if (value === undefined) return [...fallback];
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
