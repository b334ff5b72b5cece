import { isPinShaped, normalizePin } from "../directory/credentialMatching.ts";
import type { DirectoryEntry } from "../directory/directoryEntry.ts";
import { verifySecret } from "../directory/secretHash.ts";
import { toE164 } from "../phone.ts";
import { boundedChecks } from "./boundedChecks.ts";
import { type AccountResult, checkAccount, type VerifySecret } from "./checkAccount.ts";
import { PORTOUT_ERROR, type PortOutError, portOutError } from "./codes.ts";
import { type Check, type Decision, decisionOf } from "./decisionOf.ts";
import type { FailurePolicy, PortOutPolicy, RequiredField } from "./policy.ts";
import type { PortOutValidationRequest } from "./request.ts";

const MISSING: Record<RequiredField, PortOutError> = {
  accountNumber: PORTOUT_ERROR.accountNumberMissing,
  pin: PORTOUT_ERROR.pinMissing,
  zipCode: PORTOUT_ERROR.zipCodeMissing,
};

/** Numbers whose records hold the same credentials: one check covers them all. */
interface RecordGroup {
  entry: DirectoryEntry;
  /** E.164. */
  numbers: string[];
}

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
 * Decides on the directory's records, deterministically: the same request, records and locks always
 * give the same answer, so Bandwidth's retries (8, over 40 minutes) get the answer the first try got.
 * All numbers must pass for `Portable=true` (docs/providers.md#port-out-validation-response: one invalid
 * number fails the request). Each number is checked against its own record, since an import may give numbers
 * of one account different PINs. `locked` numbers (E.164, see `lockout.ts`) fail with 7513 whatever the PIN.
 * Once `deadline` is aborted no further secret check starts and the decision rejects with its reason
 * (`boundedChecks.ts`).
 */
export async function decide(
  request: PortOutValidationRequest,
  entries: ReadonlyMap<string, DirectoryEntry>,
  policy: PortOutPolicy,
  locked: ReadonlySet<string> = new Set(),
  deadline: AbortSignal = new AbortController().signal,
): Promise<Decision> {
  const errors: PortOutError[] = [];
  const checks: Check[] = [];
  const addOnce = (error: PortOutError) => {
    if (!errors.some((e) => e.code === error.code)) errors.push({ ...error });
  };
  for (const field of ["accountNumber", "pin", "zipCode"] as const) {
    if (request[field] === null && policy.required.has(field)) {
      errors.push({ ...MISSING[field] });
      checks.push({ check: field, subject: "request", outcome: "missing", code: MISSING[field].code });
    }
  }

  // Only the records of the requested numbers are checked, whatever else the directory returned.
  const groups = groupRecords(numbersToLookUp(request), entries);
  if (secretChecksNeeded(request, groups) > policy.maxSecretChecks) return overWorkCap(request);
  const verify = memoized(boundedChecks(verifySecret, deadline));
  const results = await Promise.all(
    groups.map(async (group) => ({ group, result: await checkAccount(request, group.entry, verify) })),
  );
  const resultOf = new Map<string, AccountResult>();
  for (const { group, result } of results) for (const number of group.numbers) resultOf.set(number, result);

  // "This account" is the one the supplied account number identifies. When it identifies one, numbers
  // of other accounts are "invalid for this account" (7516) rather than reasons to call the account
  // number, PIN or ZIP wrong; when it identifies none (or none was given), every account's failures count.
  const identified = new Set(
    results.filter((r) => r.result.accountNumberMatched).map((r) => r.result.accountId),
  );
  const foreign = (accountId: string) => identified.size > 0 && !identified.has(accountId);
  for (const { result } of results) {
    checks.push(...result.checks);
    if (!foreign(result.accountId)) for (const error of result.errors) addOnce(error);
  }

  const acceptableNumbers: string[] = [];
  const fail = (check: Check["check"], subject: string, error: PortOutError, detail?: string) => {
    errors.push(portOutError(error, detail));
    checks.push({ check, subject, outcome: "fail", code: error.code });
  };
  for (const sent of new Set(request.telephoneNumbers)) {
    const e164 = toE164(sent);
    const entry = e164 === null ? undefined : entries.get(e164);
    if (e164 === null || entry === undefined) {
      fail(e164 === null ? "numberFormat" : "numberKnown", sent, PORTOUT_ERROR.numberNotRecognized, sent);
      continue;
    }
    checks.push({ check: "numberKnown", subject: sent, outcome: "pass" });
    if (!entry.active) {
      fail("numberActive", sent, PORTOUT_ERROR.numberNotActive, sent);
      continue;
    }
    checks.push({ check: "numberActive", subject: sent, outcome: "pass" });
    if (foreign(entry.accountId)) {
      fail("numberAccount", sent, PORTOUT_ERROR.numberNotRecognized, sent);
      continue;
    }
    // Recognised and active on the account the request names: listed even when a detail failed.
    acceptableNumbers.push(sent);
    if (locked.has(e164)) {
      // The same code and text as a wrong PIN: the requester cannot tell its guesses are not checked.
      addOnce(PORTOUT_ERROR.pinInvalid);
      checks.push({
        check: "pinLockout",
        subject: sent,
        outcome: "fail",
        code: PORTOUT_ERROR.pinInvalid.code,
      });
    }
  }
  const wrongPinNumbers = [...resultOf].filter(([, r]) => r.pinMatched === false).map(([number]) => number);
  return decisionOf({
    pon: request.pon,
    errors,
    acceptableNumbers,
    checks,
    basis: "directory",
    wrongPinNumbers,
  });
}

/** The records of the requested numbers, numbers holding the same credentials together. */
function groupRecords(
  numbers: readonly string[],
  entries: ReadonlyMap<string, DirectoryEntry>,
): RecordGroup[] {
  const groups = new Map<string, RecordGroup>();
  for (const number of numbers) {
    const entry = entries.get(number);
    if (!entry) continue;
    const { accountId, accountNumberHash, pinHash, zipCode, subscriberName } = entry;
    const key = JSON.stringify([accountId, accountNumberHash, pinHash, zipCode, subscriberName]);
    const group = groups.get(key);
    if (group) group.numbers.push(number);
    else groups.set(key, { entry, numbers: [number] });
  }
  return [...groups.values()];
}

/** How many scrypt checks the request costs: one per distinct stored hash it has to be compared with. */
function secretChecksNeeded(request: PortOutValidationRequest, groups: readonly RecordGroup[]): number {
  const pin = request.pin === null ? null : normalizePin(request.pin);
  const hashes = new Set<string>();
  for (const { entry } of groups) {
    if (request.accountNumber !== null) hashes.add(`account:${entry.accountNumberHash}`);
    if (pin !== null && isPinShaped(pin)) hashes.add(`pin:${entry.pinHash}`);
  }
  return hashes.size;
}

/** 7598 without checking anything: the request names more accounts than one request may cost. */
function overWorkCap(request: PortOutValidationRequest): Decision {
  const error = portOutError(
    PORTOUT_ERROR.invalidRequest,
    "numbers of more accounts than one request may name; held for manual review",
  );
  return decisionOf({
    pon: request.pon,
    errors: [error],
    acceptableNumbers: [],
    checks: [{ check: "workCap", subject: "request", outcome: "fail", code: error.code }],
    basis: "request",
  });
}

/** One check per (secret, stored hash) pair within a request, however many records share the hash. */
function memoized(verify: VerifySecret): VerifySecret {
  const done = new Map<string, Promise<boolean>>();
  return (secret, stored) => {
    const key = `${secret}\u0000${stored}`;
    let result = done.get(key);
    if (!result) {
      result = verify(secret, stored);
      done.set(key, result);
    }
    return result;
  };
}

/**
 * The answer when the directory could not decide (down, slow, unusable records), our own code failed,
 * or our own work overran the budget. `fail-closed` answers `Portable=false` + 7598 so the port waits
 * for a person; `fail-open` answers 7599, which Bandwidth treats as approval. The policy applies to a
 * directory failure only: our own failures and overruns always fail closed.
 */
export function fallbackDecision(
  pon: string | null,
  reason: "directory" | "internal" | "overrun" | "invalid-request",
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
  const check: Check["check"] =
    reason === "invalid-request" ? "request" : reason === "overrun" ? "deadline" : "directory";
  return decisionOf({
    pon,
    errors: [error],
    acceptableNumbers: [],
    checks: [{ check, subject: "request", outcome: "fail", code: error.code }],
    basis: reason === "invalid-request" ? "request" : "policy",
  });
}
