import { SSMProvider } from "@aws-lambda-powertools/parameters/ssm";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { ConfigError } from "../errors.ts";

/** How long a secret fetched from SSM is reused before it is read again (rotation without redeploy). */
export const SECRET_MAX_AGE_SECONDS = 300;

/**
 * Reads secrets by their public name (`BANDWIDTH_PASSWORD`): from the variable itself when set
 * (local runs, tests), otherwise from the SSM SecureString named by `<NAME>_PARAMETER` (how
 * `serverless.yml` wires it in AWS, so the secret never sits in the function's environment or the
 * template). SSM values are cached by Powertools Parameters for {@link SECRET_MAX_AGE_SECONDS}.
 */
export function createSecretReader(options: { env?: NodeJS.ProcessEnv; ssmClient?: SSMClient } = {}) {
  const env = options.env ?? process.env;
  let provider: SSMProvider | undefined;
  return async function readSecret(name: string): Promise<string> {
    const direct = env[name];
    if (direct !== undefined && direct !== "") return direct;
    const parameterName = env[`${name}_PARAMETER`];
    if (!parameterName) throw new ConfigError(name, `is not set, and neither is ${name}_PARAMETER`);
    provider ??= new SSMProvider(options.ssmClient ? { awsSdkV3Client: options.ssmClient } : {});
    let value: string | undefined;
    try {
      value = await provider.get(parameterName, { decrypt: true, maxAge: SECRET_MAX_AGE_SECONDS });
    } catch (error) {
      throw new ConfigError(name, `could not read SSM parameter ${parameterName}`, { cause: error });
    }
    if (!value) throw new ConfigError(name, `SSM parameter ${parameterName} is empty`);
    return value;
  };
}

/** The process-wide reader: one SSM client and one cache per Lambda container. */
export const readSecret = createSecretReader();
