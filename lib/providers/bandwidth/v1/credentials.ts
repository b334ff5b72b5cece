import type { BasicCredentials } from "../../../auth/basic.ts";
import { readSecret } from "../../../config/secrets.ts";

/** The Basic credentials registered in the Bandwidth v1 subscriptions (`CallbackCredentials`). */
export async function loadBandwidthCredentials(): Promise<BasicCredentials> {
  const [username, password] = await Promise.all([
    readSecret("BANDWIDTH_USERNAME"),
    readSecret("BANDWIDTH_PASSWORD"),
  ]);
  return { username, password };
}
