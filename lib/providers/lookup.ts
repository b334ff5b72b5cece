/**
 * A provider value looked up in one of our tables, by own keys only: a value named `constructor` or
 * `__proto__` is just a value nobody documented, never a function or `{}` from the object prototype.
 */
export function lookup<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
