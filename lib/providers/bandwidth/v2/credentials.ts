import type { BasicCredentials } from "../../../auth/basic.ts";
import { createSecretReader, readSecret } from "../../../config/secrets.ts";
import { ConfigError } from "../../../errors.ts";
import { bandwidthV2SecretLoader } from "./secret.ts";

/** What a Subscriptions 2.0 request must prove: the HMAC always, Basic credentials when configured. */
export interface BandwidthV2Credentials {
  hmacSecret: Buffer;
  basic: BasicCredentials | null;
}

/** The Basic user of the v2 subscription (`BANDWIDTH_V2_USERNAME`, not a secret), or null when Basic is off. */
export function bandwidthV2BasicUsername(env: NodeJS.ProcessEnv = process.env): string | null {
  return (env.BANDWIDTH_V2_USERNAME ?? "").trim() || null;
}

/**
 * The v2 route's credentials. Bandwidth lists "Basic authentication + HMAC payload signing" as v2's
 * security (dev.bandwidth.com `docs/account/subscriptions-migration`), so when the subscription has
 * Basic credentials, `BANDWIDTH_V2_USERNAME` names its user and `BANDWIDTH_V2_PASSWORD` (or the SSM
 * parameter `BANDWIDTH_V2_PASSWORD_PARAMETER`) its password, and both checks are required. Half a
 * configuration stops the function at cold start rather than silently dropping the Basic check.
 */
export function bandwidthV2CredentialsLoader(
  env: NodeJS.ProcessEnv = process.env,
): () => Promise<BandwidthV2Credentials> {
  const loadHmacSecret = bandwidthV2SecretLoader(env);
  const username = bandwidthV2BasicUsername(env);
  const passwordConfigured = Boolean(env.BANDWIDTH_V2_PASSWORD || env.BANDWIDTH_V2_PASSWORD_PARAMETER);
  if (username && !passwordConfigured) {
    throw new ConfigError("BANDWIDTH_V2_PASSWORD", "is needed when BANDWIDTH_V2_USERNAME is set");
  }
  if (!username && env.BANDWIDTH_V2_PASSWORD) {
    throw new ConfigError("BANDWIDTH_V2_USERNAME", "is needed when BANDWIDTH_V2_PASSWORD is set");
  }
  const read = env === process.env ? readSecret : createSecretReader({ env });
  return async () => {
    const [hmacSecret, password] = await Promise.all([
      loadHmacSecret(),
      username ? read("BANDWIDTH_V2_PASSWORD") : Promise.resolve(null),
    ]);
    return { hmacSecret, basic: username === null || password === null ? null : { username, password } };
  };
}
