/** What replaces a credential's value in an event. */
export const REDACTED_VALUE = "[REDACTED]";

/**
 * A provider's credential fields (PINs, passcodes, account numbers…), matched whatever the casing or
 * separators of the payload format: `PinNumber` (XML), `pinNumber` (JSON) and `pin_number` are one field.
 */
export class CredentialFields {
  /** The field names as the provider's documents spell them. */
  readonly names: readonly string[];
  readonly #keys: ReadonlySet<string>;
  constructor(names: readonly string[]) {
    this.names = names;
    this.#keys = new Set(names.map(fieldKey));
  }
  has(key: string): boolean {
    return this.#keys.has(fieldKey(key));
  }
}

function fieldKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * A copy of a parsed payload with the value of every credential field, at any depth, replaced by
 * {@link REDACTED_VALUE} (a field present but empty stays as it was: there is nothing to hide).
 * Pure; the input is not modified.
 */
export function redactCredentials<T>(value: T, fields: CredentialFields): T {
  return redact(value, fields) as T;
}

function redact(value: unknown, fields: CredentialFields): unknown {
  if (Array.isArray(value)) return value.map((item) => redact(item, fields));
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const hidden = fields.has(key) && item !== null && item !== undefined && item !== "";
    // defineProperty, not assignment: a payload key named `__proto__` stays a plain key.
    Object.defineProperty(copy, key, {
      value: hidden ? REDACTED_VALUE : redact(item, fields),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}
