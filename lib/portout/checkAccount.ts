import {
  isPinShaped,
  namesMatch,
  normalizeAccountNumber,
  normalizePin,
  zipCodesMatch,
} from "../directory/credentialMatching.ts";
import type { DirectoryEntry } from "../directory/directoryEntry.ts";
import { PORTOUT_ERROR, type PortOutError } from "./codes.ts";
import type { Check } from "./decisionOf.ts";
import type { PortOutValidationRequest } from "./request.ts";

/** Checks a secret against a stored hash (`lib/directory/secretHash.ts`); shared within a request so each hash costs one check. */
export type VerifySecret = (secret: string, stored: string) => Promise<boolean>;

export interface AccountResult {
  accountId: string;
  /** No supplied detail contradicted the account's records. */
  matched: boolean;
  /** Whether the supplied account number is this account's; null when none was supplied. */
  accountNumberMatched: boolean | null;
  /** Whether the supplied PIN is this record's; null when none was supplied. */
  pinMatched: boolean | null;
  errors: PortOutError[];
  checks: Check[];
}

/**
 * Checks the details the requester supplied (account number, PIN, ZIP, subscriber name) against one
 * directory record (the numbers holding the same credentials share it). Every supplied detail is
 * checked, whatever the others gave, so the work done does not reveal which detail was wrong; absent
 * details are reported by the caller, not here. Account number and PIN are verified against salted
 * hashes in constant time by `verifySecret`.
 */
export async function checkAccount(
  request: PortOutValidationRequest,
  account: DirectoryEntry,
  verifySecret: VerifySecret,
): Promise<AccountResult> {
  const subject = `account:${account.accountId}`;
  const pin = request.pin === null ? null : normalizePin(request.pin);
  const [accountNumberOk, pinOk] = await Promise.all([
    request.accountNumber === null
      ? null
      : verifySecret(normalizeAccountNumber(request.accountNumber), account.accountNumberHash),
    pin === null ? null : isPinShaped(pin) ? verifySecret(pin, account.pinHash) : false,
  ]);
  const zipOk =
    request.zipCode === null || account.zipCode === null
      ? null
      : zipCodesMatch(request.zipCode, account.zipCode);
  const nameOk =
    request.subscriberName === null || account.subscriberName === null
      ? null
      : namesMatch(request.subscriberName, account.subscriberName);

  const results: [Check["check"], boolean | null, PortOutError][] = [
    ["accountNumber", accountNumberOk, PORTOUT_ERROR.accountNumberInvalid],
    ["pin", pinOk, PORTOUT_ERROR.pinInvalid],
    ["zipCode", zipOk, PORTOUT_ERROR.zipCodeInvalid],
    ["subscriberName", nameOk, PORTOUT_ERROR.customerInfoMismatch],
  ];
  const errors: PortOutError[] = [];
  const checks: Check[] = [];
  for (const [check, ok, error] of results) {
    if (ok === false) errors.push({ ...error });
    checks.push({
      check,
      subject,
      outcome: ok === null ? "not-checked" : ok ? "pass" : "fail",
      ...(ok === false ? { code: error.code } : {}),
    });
  }
  return {
    accountId: account.accountId,
    matched: errors.length === 0,
    accountNumberMatched: accountNumberOk,
    pinMatched: pinOk,
    errors,
    checks,
  };
}
