import { createSsmParameterReader, type GetParameter } from "../aws/ssmParameter.ts";
import { ConfigError, SsmParameterError } from "../errors.ts";

/**
 * Reads secrets by their public name (`BANDWIDTH_PASSWORD`): from the variable itself when set
 * (local runs, tests), otherwise from the SSM SecureString named by `<NAME>_PARAMETER` (how
 * `serverless.yml` wires it in AWS, so the secret never sits in the function's environment or the
 * template). SSM values are cached (see {@link createSsmParameterReader}).
 */
export function createSecretReader(options: { env?: NodeJS.ProcessEnv; getParameter?: GetParameter } = {}) {
  const env = options.env ?? process.env;
  const readParameter = createSsmParameterReader(options.getParameter);
  return async function readSecret(name: string): Promise<string> {
    const direct = env[name];
    if (direct !== undefined && direct !== "") return direct;
    const parameterName = env[`${name}_PARAMETER`];
    if (!parameterName) throw new ConfigError(name, `is not set, and neither is ${name}_PARAMETER`);
    try {
      return await readParameter(parameterName);
    } catch (error) {
      if (!(error instanceof SsmParameterError)) throw error;
      throw new ConfigError(name, error.message, { cause: error.cause });
    }
  };
}

/** The process-wide reader: one cache per Lambda container. */
export const readSecret = createSecretReader();
