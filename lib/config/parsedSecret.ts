import { createSecretReader, readSecret } from "./secrets.ts";

/**
 * A secret that must be turned into something usable (a key object, decoded bytes) and validated.
 * When the variable itself is set, it is parsed right away — at cold start, so a bad value fails
 * the deploy's first invocation with an error naming the variable, not each request. When it comes
 * from SSM (`<NAME>_PARAMETER`), it is read on first use and re-parsed only when its value changes
 * (rotation).
 */
export function parsedSecret<T>(
  name: string,
  parse: (value: string) => T,
  env: NodeJS.ProcessEnv = process.env,
): () => Promise<T> {
  const direct = env[name];
  if (direct !== undefined && direct !== "") {
    const parsed = parse(direct);
    return () => Promise.resolve(parsed);
  }
  const read = env === process.env ? readSecret : createSecretReader({ env });
  let cached: { value: string; parsed: T } | undefined;
  return async () => {
    const value = await read(name);
    if (cached?.value !== value) cached = { value, parsed: parse(value) };
    return cached.parsed;
  };
}
