import { type BasicCredentials, verifyBasicAuth } from "../../../auth/basic.ts";
import { readSecret } from "../../../config/secrets.ts";
import { logger } from "../../../log.ts";

/** How long a missing or unreadable previous password is not asked for again (as SSM values are cached). */
const ABSENT_FOR_MS = 300_000;

/** The log line the `PreviousPasswordUsed` metric counts (serverless/monitoring.yml). */
export const PREVIOUS_PASSWORD_MESSAGE = "bandwidth credentials matched the previous password";

/**
 * Loads the Basic credentials registered in the Bandwidth v1 subscriptions (`CallbackCredentials`)
 * through `read` (the process-wide reader: SSM values cached for five minutes). During a password
 * rotation `BANDWIDTH_PASSWORD_PREVIOUS` (SSM `<ssmPrefix>/bandwidth-password-previous`) holds
 * `{"password": "…", "expiresAt": "<ISO 8601>"}`: that password is accepted too until then, because
 * Bandwidth v1 never retries a notification refused while its subscriptions still carry the old one.
 * A missing, unreadable, malformed or expired previous password is simply not accepted.
 */
export function bandwidthCredentialsLoader(
  read: (name: string) => Promise<string> = readSecret,
  now: () => number = Date.now,
): () => Promise<BasicCredentials> {
  let absentUntil = 0;
  const previous = async (): Promise<string | undefined> => {
    if (now() < absentUntil) return undefined;
    let text: string;
    try {
      text = await read("BANDWIDTH_PASSWORD_PREVIOUS");
    } catch {
      absentUntil = now() + ABSENT_FOR_MS;
      return undefined;
    }
    const value = parsePrevious(text);
    if (!value) logger.warn("BANDWIDTH_PASSWORD_PREVIOUS is not {password, expiresAt}: ignored");
    return value && Date.parse(value.expiresAt) > now() ? value.password : undefined;
  };
  return async () => {
    const [username, password, previousPassword] = await Promise.all([
      read("BANDWIDTH_USERNAME"),
      read("BANDWIDTH_PASSWORD"),
      previous(),
    ]);
    return previousPassword ? { username, password, previousPassword } : { username, password };
  };
}

function parsePrevious(text: string): { password: string; expiresAt: string } | undefined {
  try {
    const value = JSON.parse(text) as { password?: unknown; expiresAt?: unknown };
    if (typeof value.password === "string" && value.password && typeof value.expiresAt === "string")
      return { password: value.password, expiresAt: value.expiresAt };
  } catch {
    // Not JSON: reported by the caller, without the value.
  }
  return undefined;
}

/** Checks Bandwidth's Basic credentials; a request on the previous password is logged (never the value), for the metric. */
export function verifyBandwidthBasic(header: string | undefined, credentials: BasicCredentials): void {
  if (verifyBasicAuth(header, credentials) === "previous") logger.info(PREVIOUS_PASSWORD_MESSAGE);
}

/** The Bandwidth v1 credentials from the environment, or SSM in AWS. */
export const loadBandwidthCredentials = bandwidthCredentialsLoader();
