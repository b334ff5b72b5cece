import type { BasicCredentials } from "../../../auth/basic.ts";
import { readSecret } from "../../../config/secrets.ts";

/**
 * Loads the Basic credentials registered in the Bandwidth v1 subscriptions (`CallbackCredentials`)
 * through `read` (the process-wide reader: SSM values cached for five minutes).
 */
export function bandwidthCredentialsLoader(
  read: (name: string) => Promise<string> = readSecret,
): () => Promise<BasicCredentials> {
  return async () => {
    const [username, password] = await Promise.all([read("BANDWIDTH_USERNAME"), read("BANDWIDTH_PASSWORD")]);
    return { username, password };
  };
}

/** The Bandwidth v1 credentials from the environment, or SSM in AWS. */
export const loadBandwidthCredentials = bandwidthCredentialsLoader();
