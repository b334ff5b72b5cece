import type { SSMProvider } from "@aws-lambda-powertools/parameters/ssm";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { SsmParameterError } from "../errors.ts";

/** How long a value read from SSM is reused before it is read again: a rotated secret is picked up within this time, without a redeploy. */
const SSM_MAX_AGE_SECONDS = 300;

/**
 * The one SSM reader: SecureStrings by name, decrypted and cached by Powertools Parameters for
 * {@link SSM_MAX_AGE_SECONDS}. The SSM client, and its module, are loaded at the first read: local runs
 * never need them, a fan-out or deliver function only with an `ssm:` secret reference, and an ingest
 * function not for Bandwidth's credential-less first attempt (`npm run bench`, cold start).
 * Throws SsmParameterError when SSM cannot give the parameter or it is empty; the value is never logged.
 */
export function createSsmParameterReader(ssmClient?: SSMClient): (parameterName: string) => Promise<string> {
  let provider: Promise<SSMProvider> | undefined;
  return async function readParameter(parameterName) {
    provider ??= import("./ssmProvider.ts").then(({ createSsmProvider }) => createSsmProvider(ssmClient));
    let value: string | undefined;
    try {
      value = await (await provider).get(parameterName, { decrypt: true, maxAge: SSM_MAX_AGE_SECONDS });
    } catch (error) {
      throw new SsmParameterError(parameterName, "unreadable", { cause: error });
    }
    if (!value) throw new SsmParameterError(parameterName, "empty");
    return value;
  };
}
