import { createSsmParameterReader, type GetParameter } from "../aws/ssmParameter.ts";
import { ConfigError, DeliveryError, SsmParameterError } from "../errors.ts";
import { DESTINATIONS_VARIABLE } from "./configValues.ts";

/** A secret given in the config itself (local use) or as the name of an SSM SecureString (AWS). */
export type SecretRef = { value: string } | { ssmParameter: string };

/** The references made from a secret written in the config itself (what Lambda refuses). */
const inlineRefs = new WeakSet<object>();

/** Whether `value` is a secret that was written in the config itself, not an SSM parameter name. */
export function isInlineSecret(value: unknown): boolean {
  return typeof value === "object" && value !== null && inlineRefs.has(value);
}

/** Reads `key` (the secret) or `<key>Parameter` (its SSM parameter name); undefined when neither is set. */
export function secretRefAt(raw: Record<string, unknown>, key: string, where: string): SecretRef | undefined {
  const value = raw[key];
  const parameter = raw[`${key}Parameter`];
  if (value !== undefined && parameter !== undefined) {
    throw new ConfigError(DESTINATIONS_VARIABLE, `${where}: set ${key} or ${key}Parameter, not both`);
  }
  if (value !== undefined) {
    if (typeof value !== "string" || value === "")
      throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.${key} must be a non-empty string`);
    const ref = { value };
    inlineRefs.add(ref);
    return ref;
  }
  if (parameter !== undefined) {
    if (typeof parameter !== "string" || !parameter.startsWith("/"))
      throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.${key}Parameter must be an SSM parameter name`);
    return { ssmParameter: parameter };
  }
  return undefined;
}

/**
 * Resolves secret references. SSM reads are decrypted and cached (see {@link createSsmParameterReader}); a failed
 * read is retryable (the delivery waits for the parameter rather than going out unsigned). The value
 * is never logged.
 */
export function createSecretResolver(getParameter?: GetParameter) {
  const readParameter = createSsmParameterReader(getParameter);
  return async function resolveSecret(ref: SecretRef): Promise<string> {
    if ("value" in ref) return ref.value;
    try {
      return await readParameter(ref.ssmParameter);
    } catch (error) {
      if (!(error instanceof SsmParameterError)) throw error;
      throw new DeliveryError(error.message, { retryable: true, cause: error.cause });
    }
  };
}

/** The process-wide resolver: one cache per Lambda container. */
export const resolveSecret = createSecretResolver();
