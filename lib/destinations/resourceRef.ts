import { ConfigError } from "../errors.ts";
import { DESTINATIONS_VARIABLE } from "./configValues.ts";

/**
 * Reads a resource name given either literally (`queueUrl`) or through an environment variable
 * (`queueUrlEnv`): the template passes stack resources to the function that way (the default
 * consumer queue is `"queueUrlEnv": "CONSUMER_QUEUE_URL"`). Exactly one of the two must be set.
 */
export function resourceAt(
  raw: Record<string, unknown>,
  key: string,
  where: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const literal = raw[key];
  const variable = raw[`${key}Env`];
  if ((literal === undefined) === (variable === undefined)) {
    throw new ConfigError(DESTINATIONS_VARIABLE, `${where} needs exactly one of ${key} and ${key}Env`);
  }
  if (literal !== undefined) {
    if (typeof literal !== "string" || literal.trim() === "")
      throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.${key} must be a non-empty string`);
    return literal;
  }
  if (typeof variable !== "string" || variable === "")
    throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.${key}Env must name an environment variable`);
  const value = env[variable];
  if (value === undefined || value.trim() === "")
    throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.${key}Env: variable ${variable} is not set`);
  return value;
}
