import type { PortOutError } from "./codes.ts";

/** One check the decision made, for the audit trail. Never carries a credential value. */
export interface Check {
  check:
    | "request"
    | "numberCount"
    | "numberFormat"
    | "numberKnown"
    | "numberActive"
    | "numberAccount"
    | "accountNumber"
    | "pin"
    | "zipCode"
    | "subscriberName"
    | "pinLockout"
    | "workCap"
    | "deadline"
    | "directory";
  /** What was checked: a telephone number as sent, `account:<id>`, or `request`. */
  subject: string;
  outcome: "pass" | "fail" | "missing" | "not-checked";
  code?: number;
}

/** The answer to one port-out validation request, and how it was reached. */
export interface Decision {
  portable: boolean;
  pon: string | null;
  /** Sorted by code; empty when portable. */
  errors: PortOutError[];
  /**
   * Numbers (as sent) that are recognized and active on the account the request names (the one its
   * account number identifies, or every account of its numbers when it identifies none), whether or
   * not a detail failed: a denial must carry data (site/docs/numbers/portoutWebhook.md, "Deny Portout").
   */
  acceptableNumbers: string[];
  /** The numbers (E.164) whose own record the supplied PIN did not match, for the lockout count. */
  wrongPinNumbers: string[];
  checks: Check[];
  /** `directory`: decided on the records; `request`: the request alone decided; `policy`: the directory failed. */
  basis: "directory" | "request" | "policy";
}

/** Assembles a decision: portable exactly when no check produced an error. */
export function decisionOf(
  fields: Omit<Decision, "portable" | "errors" | "wrongPinNumbers"> & {
    errors: PortOutError[];
    wrongPinNumbers?: string[];
  },
): Decision {
  const errors = [...fields.errors].sort((a, b) => a.code - b.code);
  return { ...fields, errors, wrongPinNumbers: fields.wrongPinNumbers ?? [], portable: errors.length === 0 };
}
