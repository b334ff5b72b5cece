import { GetParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import type { GetParameter } from "../../lib/aws/ssmParameter.ts";

/**
 * GetParameter, decrypted, through the operator's SSM client: the CLIs resolve credentials the SDK's way
 * (profiles, SSO), which the functions' light reader (environment credentials, as in Lambda) does not.
 */
export function ssmClientParameter(client: SSMClient): GetParameter {
  return async (parameterName) =>
    (await client.send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }))).Parameter
      ?.Value;
}
