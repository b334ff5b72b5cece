import { existsSync, readFileSync } from "node:fs";
// Not named `createRequire`: the ESM bundles' banner (serverless.yml custom.esbuild) declares that name.
import { createRequire as requireFrom } from "node:module";
import { ConfigError } from "../errors.ts";
import { isObject } from "../json/parseJsonObject.ts";
import { DESTINATIONS_VARIABLE, rejectUnknownKeys, stringAt } from "./configValues.ts";
import { parseFilter } from "./filter.ts";
import { refuseInlineSecrets } from "./inlineSecrets.ts";
import { type AnyDriver, type Destination, DRIVERS } from "./registry.ts";
import { parseRetryPolicy } from "./retryPolicy.ts";

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Reads `DESTINATIONS`: the JSON or YAML text of the config, or a path to a JSON or YAML file holding it.
 * Validated completely at cold start: unknown types and keys, duplicate names and bad values are
 * errors that name the variable and the key. In Lambda (`AWS_LAMBDA_FUNCTION_NAME` is set by its
 * runtime: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime)
 * secrets must come from SSM: an inline one is refused, naming the destination.
 */
export function loadDestinations(
  value: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Destination[] {
  if (value === undefined || value.trim() === "")
    throw new ConfigError(DESTINATIONS_VARIABLE, "is required but not set");
  // A bare list is the most common slip: say so, rather than look for a file named `[{…`.
  if (/^\s*\[/.test(value))
    throw new ConfigError(DESTINATIONS_VARIABLE, 'is a list: wrap it as {"destinations": [ … ]}');
  // Inline JSON (`{…}`) or YAML (`destinations:` …); anything else is a path.
  const text = /^\s*(\{|destinations\s*:)/.test(value) ? value : readConfigFile(value.trim());
  const destinations = parseDestinations(parseConfigText(text), DRIVERS, env);
  if (env.AWS_LAMBDA_FUNCTION_NAME) refuseInlineSecrets(destinations);
  return destinations;
}

/**
 * Validates a parsed destinations document. `filter` and `retry` are common to every type; the rest
 * of an entry is the driver's to validate.
 */
export function parseDestinations(
  document: unknown,
  drivers: Readonly<Record<string, AnyDriver>> = DRIVERS,
  env: NodeJS.ProcessEnv = process.env,
): Destination[] {
  if (!isObject(document))
    throw new ConfigError(DESTINATIONS_VARIABLE, 'must be an object with a "destinations" list');
  rejectUnknownKeys(document, ["destinations"], "config");
  const list = document.destinations;
  if (!Array.isArray(list)) throw new ConfigError(DESTINATIONS_VARIABLE, '"destinations" must be a list');
  const seen = new Set<string>();
  return list.map((entry, index) => {
    const where = `destinations[${index}]`;
    if (!isObject(entry)) throw new ConfigError(DESTINATIONS_VARIABLE, `${where} must be an object`);
    const type = stringAt(entry, "type", where);
    const driver = drivers[type];
    if (!driver) {
      throw new ConfigError(
        DESTINATIONS_VARIABLE,
        `${where}.type "${type}" is not one of ${Object.keys(drivers).join(", ")}`,
      );
    }
    const { filter, retry, direct, ...own } = entry;
    const config = driver.parseConfig(own, where, env);
    if (!NAME.test(config.name))
      throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.name must match ${NAME}`);
    if (seen.has(config.name))
      throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.name "${config.name}" is used twice`);
    seen.add(config.name);
    return {
      config,
      driver,
      filter: parseFilter(filter, where),
      retry: parseRetryPolicy(retry, where),
      direct: parseDirect(direct, driver, where, drivers),
    };
  });
}

/** `direct`: true by default where the driver can send a batch (SQS), refused where it cannot. */
function parseDirect(
  value: unknown,
  driver: AnyDriver,
  where: string,
  drivers: Readonly<Record<string, AnyDriver>>,
): boolean {
  if (value === undefined) return driver.deliverBatch !== undefined;
  if (typeof value !== "boolean")
    throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.direct must be true or false`);
  if (value && !driver.deliverBatch)
    throw new ConfigError(
      DESTINATIONS_VARIABLE,
      `${where}.direct is only for ${directTypes(drivers)} destinations`,
    );
  return value;
}

function directTypes(drivers: Readonly<Record<string, AnyDriver>>): string {
  return Object.values(drivers)
    .filter((driver) => driver.deliverBatch)
    .map((driver) => driver.type)
    .join(", ");
}

/**
 * JSON as JSON; anything else as YAML, with the YAML parser loaded only then. The functions' bundles
 * leave it out (esbuild bundles `import`, not a `createRequire` call): in Lambda DESTINATIONS is always
 * JSON, because `sls package` writes the `destinations` param as JSON (serverless/destinationsJson.cjs),
 * and the parser, 113 KiB of the fan-out's bundle, was evaluated on every cold start for it.
 */
function parseConfigText(text: string): unknown {
  if (/^\s*\{/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // YAML's flow style (`{destinations: [ … ]}`) looks like JSON too: let the YAML parser say.
    }
  }
  let yaml: typeof import("yaml");
  try {
    yaml = requireFrom(import.meta.url)("yaml");
  } catch (error) {
    throw new ConfigError(DESTINATIONS_VARIABLE, "is not valid JSON (a deployed function reads only JSON)", {
      cause: error,
    });
  }
  try {
    return yaml.parse(text);
  } catch (error) {
    throw new ConfigError(DESTINATIONS_VARIABLE, "is neither valid JSON nor YAML", { cause: error });
  }
}

function readConfigFile(path: string): string {
  if (!existsSync(path))
    throw new ConfigError(DESTINATIONS_VARIABLE, `is not JSON and no file exists at "${path}"`);
  return readFileSync(path, "utf8");
}
