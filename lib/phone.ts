/**
 * Phone numbers to E.164. Bandwidth's default `LEGACY` number format sends North American numbers
 * as 10 digits and everything else in E.164 (docs/providers.md#bandwidth-v1-notification-fields,
 * `CallbackSubscription.NumberFormat`).
 */

const E164 = /^\+[1-9]\d{6,14}$/;
const NANP_TEN_DIGITS = /^[2-9]\d{2}[2-9]\d{6}$/;

/** Returns the number in E.164, or null when it is not a number we can place. */
export function toE164(raw: string): string | null {
  const value = raw.trim();
  if (E164.test(value)) return value;
  if (NANP_TEN_DIGITS.test(value)) return `+1${value}`;
  if (value.length === 11 && value.startsWith("1") && NANP_TEN_DIGITS.test(value.slice(1)))
    return `+${value}`;
  return null;
}

/** Splits raw numbers into E.164 ones (deduplicated, in order) and those that could not be read. */
export function normalizeNumbers(raw: readonly string[]): { numbers: string[]; invalid: string[] } {
  // A Set, not Array.includes: a 5,000-number port-in would cost 12.5 million comparisons.
  const numbers = new Set<string>();
  const invalid: string[] = [];
  for (const value of raw) {
    const e164 = toE164(value);
    if (e164 === null) invalid.push(value);
    else numbers.add(e164);
  }
  return { numbers: [...numbers], invalid };
}
