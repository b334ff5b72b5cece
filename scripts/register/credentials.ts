import type { SSMClient } from "@aws-sdk/client-ssm";
import { createSsmParameterReader } from "../../lib/aws/ssmParameter.ts";
import { LOCAL_DEFAULTS } from "../local/environment.ts";
import { LOCAL_BANDWIDTH_API } from "../standin/bandwidth/local.ts";
import { ssmClientParameter } from "./ssmClientParameter.ts";

/** The secrets registration needs. Never printed. */
export interface RegistrationCredentials {
  /** The Bandwidth API user (SSM `<ssmPrefix>/bandwidth-api-username`, `…/bandwidth-api-password`). */
  apiUsername: string;
  apiPassword: string;
  /** The Basic password the gateway checks, which Bandwidth sends (`<ssmPrefix>/bandwidth-password`). */
  gatewayPassword: string;
}

/** From SSM under the stage's prefix, through the same reader the functions use. */
export async function ssmCredentials(
  ssmClient: SSMClient,
  ssmPrefix: string,
): Promise<RegistrationCredentials> {
  const read = createSsmParameterReader(ssmClientParameter(ssmClient));
  return {
    apiUsername: await read(`${ssmPrefix}/bandwidth-api-username`),
    apiPassword: await read(`${ssmPrefix}/bandwidth-api-password`),
    gatewayPassword: await read(`${ssmPrefix}/bandwidth-password`),
  };
}

/** For `--stage local`: what `npm start` uses (its stand-in's API user and the development password), unless exported. */
export function localCredentials(env: NodeJS.ProcessEnv): RegistrationCredentials {
  return {
    apiUsername: env.BANDWIDTH_API_USERNAME || LOCAL_BANDWIDTH_API.username,
    apiPassword: env.BANDWIDTH_API_PASSWORD || LOCAL_BANDWIDTH_API.password,
    gatewayPassword: env.BANDWIDTH_PASSWORD || LOCAL_DEFAULTS.BANDWIDTH_PASSWORD,
  };
}
