/**
 * How request values are compared with directory values. The same functions run when records are
 * imported (before hashing) and when a request is checked, so formatting differences between the
 * gaining carrier's LSR and the operator's records do not cause false rejections.
 */

/** Account numbers: spaces, dashes and dots dropped, letters upper-cased (`12-345 a` → `12345A`). */
export function normalizeAccountNumber(value: string): string {
  return value.replace(/[\s.-]/g, "").toUpperCase();
}

/**
 * PINs: surrounding whitespace dropped. Digits only per Bandwidth
 * (docs/providers.md#port-out-validation-request), checked elsewhere.
 */
export function normalizePin(value: string): string {
  return value.trim();
}

/** Whether a PIN has the shape Bandwidth documents: 1 to 10 digits. */
export function isPinShaped(value: string): boolean {
  return /^\d{1,10}$/.test(value);
}

const US_ZIP = /^(\d{5})(\d{4})?$/;

/**
 * ZIP / postal codes match when equal after dropping spaces and dashes, or, for US ZIPs, when the
 * five-digit ZIPs are equal (`62025-1234` matches `62025`).
 */
export function zipCodesMatch(requested: string, stored: string): boolean {
  const a = requested.replace(/[\s-]/g, "").toUpperCase();
  const b = stored.replace(/[\s-]/g, "").toUpperCase();
  if (a === b) return true;
  const usA = US_ZIP.exec(a);
  const usB = US_ZIP.exec(b);
  return usA !== null && usB !== null && usA[1] === usB[1];
}

/**
 * Subscriber names match when equal ignoring case, accents, punctuation and spacing
 * (`O'Brien,  José` matches `obrien jose`).
 */
export function namesMatch(requested: string, stored: string): boolean {
  return simplifyName(requested) === simplifyName(stored);
}

function simplifyName(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}
