import type { CanonicalStatus, NumberResult } from "../../event/canonical.ts";
import { toE164 } from "../../phone.ts";

/** A number as a Telnyx payload lists it, with its own status when the payload has one. */
export interface RawNumber {
  value: unknown;
  status?: unknown;
  requirementsMet?: unknown;
  requirementsStatus?: unknown;
  phoneNumberType?: unknown;
  countryCode?: unknown;
}

export interface ReadNumbers {
  phoneNumbers: string[];
  numberResults: NumberResult[];
  /** Entries that are not a number we can place (kept in `details`, never silently dropped). */
  unreadable: unknown[];
}

/**
 * Reads a payload's numbers into E.164 and, where the payload gives one, a per-number result
 * (status, `requirements_met`, `requirements_status`, `phone_number_type`, `country_code`), so a
 * consumer can tell which numbers of a partial order failed and why.
 */
export function readNumbers(
  entries: readonly RawNumber[],
  statusOf: (value: string) => CanonicalStatus,
): ReadNumbers {
  const read: ReadNumbers = { phoneNumbers: [], numberResults: [], unreadable: [] };
  for (const entry of entries) {
    const e164 = typeof entry.value === "string" ? toE164(entry.value) : null;
    if (e164 === null) {
      read.unreadable.push(entry.value);
      continue;
    }
    if (!read.phoneNumbers.includes(e164)) read.phoneNumbers.push(e164);
    const { status, requirementsMet, requirementsStatus, phoneNumberType, countryCode } = entry;
    if (
      [status, requirementsMet, requirementsStatus, phoneNumberType, countryCode].every(
        (v) => v === undefined,
      )
    )
      continue;
    const providerStatus = typeof status === "string" ? status : null;
    read.numberResults.push({
      phoneNumber: e164,
      status: providerStatus === null ? null : statusOf(providerStatus),
      providerStatus,
      ...(typeof requirementsMet === "boolean" ? { requirementsMet } : {}),
      ...(typeof requirementsStatus === "string" ? { requirementsStatus } : {}),
      ...(typeof phoneNumberType === "string" ? { phoneNumberType } : {}),
      ...(typeof countryCode === "string" ? { countryCode } : {}),
    });
  }
  return read;
}
