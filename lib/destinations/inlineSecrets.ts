import { ConfigError } from "../errors.ts";
import { isObject } from "../json/parseJsonObject.ts";
import { DESTINATIONS_VARIABLE } from "./configValues.ts";
import type { Destination } from "./registry.ts";
import { isInlineSecret } from "./secretRef.ts";

/** Header names that carry a credential (`Authorization`, `X-Api-Key`, `X-Auth-Token`, …). */
const SECRET_HEADER =
  /^(proxy-)?authorization$|^cookie$|token|secret|key|passw|auth|session|credential|signature/i;

/**
 * In Lambda, a secret written in the destinations config would sit in plain text in the
 * CloudFormation template and the function configuration. Refuses, at cold start and naming the
 * destination, an inline `secret` / `previousSecret` and a static header that looks like a
 * credential: there they must come from SSM (`secretParameter`, `headerParameters`).
 */
export function refuseInlineSecrets(destinations: readonly Destination[]): void {
  for (const { config } of destinations) {
    const where = `destination "${config.name}"`;
    for (const [key, value] of Object.entries(config)) {
      if (isInlineSecret(value)) {
        throw new ConfigError(
          DESTINATIONS_VARIABLE,
          `${where}: ${key} is written in the config, which in Lambda is the template; give ${key}Parameter (an SSM SecureString name) instead`,
        );
      }
    }
    const headers = "headers" in config && isObject(config.headers) ? Object.keys(config.headers) : [];
    const secret = headers.find((name) => SECRET_HEADER.test(name));
    if (secret) {
      throw new ConfigError(
        DESTINATIONS_VARIABLE,
        `${where}: headers.${secret} looks like a credential, which in Lambda would sit in the template; give it in headerParameters (header → SSM SecureString name) instead`,
      );
    }
  }
}
