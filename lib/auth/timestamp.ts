import { AuthenticationError } from "../errors.ts";

/**
 * Checks a Unix-seconds timestamp header against the clock: more than `toleranceSeconds` away in
 * either direction is rejected (replay protection, as the Telnyx SDKs and Standard Webhooks do).
 * Returns the header value as sent, since that exact string is part of the signed message.
 */
export function verifyTimestamp(
  value: string | undefined,
  header: string,
  now: Date,
  toleranceSeconds: number,
): string {
  if (value === undefined || value.trim() === "") throw new AuthenticationError(`missing ${header} header`);
  if (!/^\d{1,12}$/.test(value)) throw new AuthenticationError(`${header} must be Unix seconds`);
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(value));
  if (skew > toleranceSeconds) {
    throw new AuthenticationError(`${header} is more than ${toleranceSeconds} s away from now`);
  }
  return value;
}
