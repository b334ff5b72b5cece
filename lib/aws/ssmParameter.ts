import { SsmParameterError } from "../errors.ts";
import { retriedJsonRequest } from "./signedJsonRequest.ts";

/** How long a value read from SSM is reused before it is read again: a rotated secret is picked up within this time, without a redeploy. */
const SSM_MAX_AGE_MS = 300_000;

/** Reads one parameter, decrypted; undefined when it has no value. */
export type GetParameter = (parameterName: string) => Promise<string | undefined>;

/**
 * SSM GetParameter with decryption over one signed AWS JSON 1.1 request
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html), instead of
 * the SSM client and Powertools Parameters, which weighed about 180 KiB in every function's bundle for
 * this one call (`npm run bench`, cold start). Throttling, 5xx and network failures are tried three times,
 * as the SDK's standard retry mode does (lib/aws/signedJsonRequest.ts, retriedJsonRequest).
 */
export function ssmGetParameter(env: NodeJS.ProcessEnv = process.env): GetParameter {
  return async (parameterName) => {
    const answer = await retriedJsonRequest<{ Parameter?: { Value?: string } }>(
      { service: "ssm", target: "AmazonSSM.GetParameter", jsonVersion: "1.1" },
      { Name: parameterName, WithDecryption: true },
      env,
    );
    return answer.Parameter?.Value;
  };
}

/**
 * The one SSM reader: SecureStrings by name, decrypted, each value reused for five minutes.
 * Throws SsmParameterError when SSM cannot give the parameter or it is empty; the value is never logged.
 */
export function createSsmParameterReader(
  getParameter: GetParameter = ssmGetParameter(),
  now: () => number = Date.now,
): (parameterName: string) => Promise<string> {
  const cache = new Map<string, { value: Promise<string>; until: number }>();
  const read = async (parameterName: string): Promise<string> => {
    let value: string | undefined;
    try {
      value = await getParameter(parameterName);
    } catch (error) {
      throw new SsmParameterError(parameterName, "unreadable", { cause: error });
    }
    if (!value) throw new SsmParameterError(parameterName, "empty");
    return value;
  };
  return function readParameter(parameterName) {
    const cached = cache.get(parameterName);
    if (cached && now() < cached.until) return cached.value;
    // Concurrent reads of one parameter share one request; a failure is not kept.
    const entry = { value: read(parameterName), until: now() + SSM_MAX_AGE_MS };
    cache.set(parameterName, entry);
    entry.value.catch(() => {
      if (cache.get(parameterName) === entry) cache.delete(parameterName);
    });
    return entry.value;
  };
}
