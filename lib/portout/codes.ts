/**
 * Bandwidth's port-out validation error codes (docs/providers.md#port-out-validation-error-codes). Codes and
 * descriptions are passed on to the carrier that requested the port, so descriptions name the failed check
 * and never a stored value. 7599 and unknown codes make Bandwidth approve the port; this gateway never sends
 * them on its own account except under the explicit `fail-open` policy.
 */
export const PORTOUT_ERROR = {
  accountNumberMissing: { code: 7510, description: "Required Account Code missing" },
  accountNumberInvalid: { code: 7511, description: "Invalid Account Code" },
  pinMissing: { code: 7512, description: "Required PIN missing" },
  pinInvalid: { code: 7513, description: "PIN Invalid" },
  zipCodeMissing: { code: 7514, description: "Required ZIP Code missing" },
  zipCodeInvalid: { code: 7515, description: "Invalid ZIP Code" },
  numberNotRecognized: {
    code: 7516,
    description: "Telephone Number not recognized or invalid for this account",
  },
  tooManyNumbers: { code: 7517, description: "Too many Telephone numbers in this request" },
  numberNotActive: { code: 7518, description: "Telephone Number Not Active" },
  customerInfoMismatch: { code: 7519, description: "Customer info does not match" },
  invalidRequest: { code: 7598, description: "Invalid Request" },
  fatalError: { code: 7599, description: "Fatal Error in Processing" },
} as const;

/** One `<Error>` of the answer. */
export interface PortOutError {
  code: number;
  description: string;
}

/** An error of the table, optionally with the detail Bandwidth's docs put after the text (`<TN>`, `<Explanation>`). */
export function portOutError(entry: PortOutError, detail?: string): PortOutError {
  return { code: entry.code, description: detail ? `${entry.description}: ${detail}` : entry.description };
}
