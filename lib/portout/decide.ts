import { toE164 } from "../phone.ts";
import { type AccountResult, checkAccount } from "./checkAccount.ts";
import { PORTOUT_ERROR, type PortOutError, portOutError } from "./codes.ts";
import { type Check, type Decision, decisionOf } from "./decision.ts";
import type { DirectoryEntry } from "./entry.ts";
import type { FailurePolicy, PortOutPolicy, RequiredField } from "./policy.ts";
import type { PortOutValidationRequest } from "./request.ts";

const MISSING: Record<RequiredField, PortOutError> = {
  accountNumber: PORTOUT_ERROR.accountNumberMissing,
  pin: PORTOUT_ERROR.pinMissing,
  zipCode: PORTOUT_ERROR.zipCodeMissing,
};

/**
 * The decision that needs no directory: too many numbers (7517). Returns null when the directory
 * has to be asked. Checked first so an oversized request costs no lookup.
 */
export function decideWithoutDirectory(
  request: PortOutValidationRequest,
  policy: PortOutPolicy,
): Decision | null {
  if (request.telephoneNumbers.length <= policy.maxNumbers) return null;
  return decisionOf({
    pon: request.pon,
    errors: [portOutError(PORTOUT_ERROR.tooManyNumbers, `at most ${policy.maxNumbers}`)],
    acceptableNumbers: [],
    checks: [
      { check: "numberCount", subject: "request", outcome: "fail", code: PORTOUT_ERROR.tooManyNumbers.code },
    ],
    basis: "request",
  });
}

/** The E.164 numbers to look up: those of the request that are well formed, once each. */
export function numbersToLookUp(request: PortOutValidationRequest): string[] {
  const numbers = request.telephoneNumbers.map(toE164).filter((n): n is string => n !== null);
  return [...new Set(numbers)];
}

/**
 * Decides on the directory's records, deterministically: the same request and records always give
 * the same answer, so Bandwidth's retries (8, over 40 minutes) get the answer the first try got.
 * All numbers must pass for `Portable=true` (providers.md §3.3: one invalid number fails the request).
 */
export async function decide(
  request: PortOutValidationRequest,
  entries: ReadonlyMap<string, DirectoryEntry>,
  policy: PortOutPolicy,
): Promise<Decision> {
  const errors: PortOutError[] = [];
  const checks: Check[] = [];
  for (const field of ["accountNumber", "pin", "zipCode"] as const) {
    if (request[field] === null && policy.required.has(field)) {
      errors.push({ ...MISSING[field] });
      checks.push({ check: field, subject: "request", outcome: "missing", code: MISSING[field].code });
    }
  }

  // Only the accounts of the requested numbers are checked, whatever else the directory returned.
  const accounts = new Map<string, DirectoryEntry>();
  for (const number of numbersToLookUp(request)) {
    const entry = entries.get(number);
    if (entry && !accounts.has(entry.accountId)) accounts.set(entry.accountId, entry);
  }
  const results = new Map<string, AccountResult>();
  for (const result of await Promise.all(
    [...accounts.values()].map((entry) => checkAccount(request, entry)),
  )) {
    results.set(result.accountId, result);
    checks.push(...result.checks);
  }
  // "This account" is the one the supplied account number identifies. When it identifies one, numbers
  // of other accounts are "invalid for this account" (7516) rather than reasons to call the account
  // number, PIN or ZIP wrong; when it identifies none (or none was given), every account's failures count.
  const identified = new Set(
    [...results.values()].filter((r) => r.accountNumberMatched).map((r) => r.accountId),
  );
  const foreign = (accountId: string) => identified.size > 0 && !identified.has(accountId);
  for (const result of results.values()) {
    if (foreign(result.accountId)) continue;
    for (const error of result.errors) if (!errors.some((e) => e.code === error.code)) errors.push(error);
  }

  const acceptableNumbers: string[] = [];
  for (const sent of new Set(request.telephoneNumbers)) {
    const e164 = toE164(sent);
    const entry = e164 === null ? undefined : entries.get(e164);
    if (e164 === null || entry === undefined) {
      errors.push(portOutError(PORTOUT_ERROR.numberNotRecognized, sent));
      checks.push({
        check: e164 === null ? "numberFormat" : "numberKnown",
        subject: sent,
        outcome: "fail",
        code: PORTOUT_ERROR.numberNotRecognized.code,
      });
      continue;
    }
    checks.push({ check: "numberKnown", subject: sent, outcome: "pass" });
    if (!entry.active) {
      errors.push(portOutError(PORTOUT_ERROR.numberNotActive, sent));
      checks.push({
        check: "numberActive",
        subject: sent,
        outcome: "fail",
        code: PORTOUT_ERROR.numberNotActive.code,
      });
      continue;
    }
    checks.push({ check: "numberActive", subject: sent, outcome: "pass" });
    if (foreign(entry.accountId)) {
      errors.push(portOutError(PORTOUT_ERROR.numberNotRecognized, sent));
      checks.push({
        check: "numberAccount",
        subject: sent,
        outcome: "fail",
        code: PORTOUT_ERROR.numberNotRecognized.code,
      });
      continue;
    }
    if (results.get(entry.accountId)?.matched) acceptableNumbers.push(sent);
  }
  return decisionOf({ pon: request.pon, errors, acceptableNumbers, checks, basis: "directory" });
}

/**
 * The answer when the directory could not decide (down, slow, unusable records) or our own code
 * failed. `fail-closed` answers `Portable=false` + 7598 so the port waits for a person; `fail-open`
 * answers 7599, which Bandwidth treats as approval. Our own failures always fail closed.
 */
export function fallbackDecision(
  pon: string | null,
  reason: "directory" | "internal" | "invalid-request",
  onDirectoryFailure: FailurePolicy,
  detail?: string,
): Decision {
  const failOpen = reason === "directory" && onDirectoryFailure === "fail-open";
  const error = failOpen
    ? portOutError(PORTOUT_ERROR.fatalError, "subscriber directory unavailable")
    : reason === "invalid-request"
      ? portOutError(PORTOUT_ERROR.invalidRequest, detail)
      : portOutError(
          PORTOUT_ERROR.invalidRequest,
          "validation could not be completed; held for manual review",
        );
  return decisionOf({
    pon,
    errors: [error],
    acceptableNumbers: [],
    checks: [
      {
        check: reason === "invalid-request" ? "request" : "directory",
        subject: "request",
        outcome: "fail",
        code: error.code,
      },
    ],
    basis: reason === "invalid-request" ? "request" : "policy",
  });
}
