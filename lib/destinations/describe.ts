/**
 * One line per destination of a DESTINATIONS text, for a person to read: its name, type and the file,
 * URL, queue, topic or bus it points at (resolving `…Env` references in `env`). Text that is not JSON
 * is shown as it is (a path to the config file). It neither validates nor loads: `config.ts` does.
 */
export function describeDestinations(config: string, env: Record<string, string>): string[] {
  try {
    const parsed = JSON.parse(config) as { destinations?: Record<string, unknown>[] };
    return (parsed.destinations ?? []).map(
      (destination) => `${destination.name} (${destination.type}) ${where(destination, env)}`,
    );
  } catch {
    return [`DESTINATIONS=${config}`];
  }
}

/** The file, URL, queue, topic or bus a destination entry points at (resolving `…Env` references). */
function where(destination: Record<string, unknown>, env: Record<string, string>): string {
  for (const key of ["path", "url", "queueUrl", "topicArn", "eventBusName"]) {
    const literal = destination[key];
    if (typeof literal === "string") return literal;
    const variable = destination[`${key}Env`];
    if (typeof variable === "string") return env[variable] ?? `$${variable}`;
  }
  return "";
}
