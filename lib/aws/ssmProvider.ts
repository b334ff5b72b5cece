import { SSMProvider } from "@aws-lambda-powertools/parameters/ssm";
import type { SSMClient } from "@aws-sdk/client-ssm";

/** Powertools' SSM provider, on the given client or its own; imported on demand by the SSM reader. */
export function createSsmProvider(ssmClient?: SSMClient): SSMProvider {
  return new SSMProvider(ssmClient ? { awsSdkV3Client: ssmClient } : {});
}
