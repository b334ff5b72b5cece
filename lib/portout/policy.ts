import { intEnv } from "../config/env.ts";
import { ConfigError } from "../errors.ts";

/** What to answer when the subscriber directory cannot decide in time. */
export type FailurePolicy = "fail-closed" | "fail-open";
/** Request fields whose absence alone fails the validation (7510, 7512, 7514). */
export type RequiredField = "accountNumber" | "pin" | "zipCode";

export interface PortOutPolicy {
  /**
   * `fail-closed` (default): `Portable=false` + 7598, the port-out goes to Bandwidth's exception
   * queue for a person to look at. `fail-open`: 7599 "Fatal Error in Processing", which Bandwidth
   * treats as approval. Either way Bandwidth gets a 200 in time
   * (docs/providers.md#port-out-validation-timing-and-retries, #port-out-validation-error-codes).
   */
  onDirectoryFailure: FailurePolicy;
  required: ReadonlySet<RequiredField>;
  /** More numbers than this in one request answer 7517 without a lookup. */
  maxNumbers: number;
  /** End-to-end budget from receipt to answer, in ms. Bandwidth waits 30 s; we answer well inside. */
  budgetMs: number;
  /** The most the directory lookup may take, in ms (always less than the budget). */
  directoryTimeoutMs: number;
  /**
   * The most scrypt checks (distinct stored account-number and PIN hashes) one request may cost.
   * A request needing more is answered 7598 without any, so a request naming many accounts cannot
   * spend the budget (two checks per account: the default lets 8 accounts through).
   */
  maxSecretChecks: number;
  /** Wrong PINs for one number after which it is locked (7513 whatever the PIN). */
  lockoutMaxFailures: number;
  /** Seconds a number's wrong-PIN count lives after its last wrong PIN; a lock ends with it. */
  lockoutWindowSeconds: number;
}

const REQUIRED_FIELDS: readonly RequiredField[] = ["accountNumber", "pin", "zipCode"];

/**
 * Reads the policy once, at cold start, from `PORTOUT_ON_DIRECTORY_FAILURE`, `PORTOUT_REQUIRED_FIELDS`,
 * `PORTOUT_MAX_NUMBERS`, `PORTOUT_BUDGET_MS`, `PORTOUT_DIRECTORY_TIMEOUT_MS`, `PORTOUT_MAX_SECRET_CHECKS`,
 * `PORTOUT_LOCKOUT_MAX_FAILURES` and `PORTOUT_LOCKOUT_WINDOW_SECONDS`; errors name the variable.
 */
export function loadPolicy(env: NodeJS.ProcessEnv = process.env): PortOutPolicy {
  const onDirectoryFailure = env.PORTOUT_ON_DIRECTORY_FAILURE?.trim() || "fail-closed";
  if (onDirectoryFailure !== "fail-closed" && onDirectoryFailure !== "fail-open") {
    throw new ConfigError(
      "PORTOUT_ON_DIRECTORY_FAILURE",
      `must be fail-closed or fail-open, got "${onDirectoryFailure}"`,
    );
  }
  const required = new Set<RequiredField>();
  for (const name of (env.PORTOUT_REQUIRED_FIELDS ?? "accountNumber,pin").split(",")) {
    const field = name.trim();
    if (field === "") continue;
    if (!REQUIRED_FIELDS.includes(field as RequiredField)) {
      throw new ConfigError(
        "PORTOUT_REQUIRED_FIELDS",
        `unknown field "${field}" (allowed: ${REQUIRED_FIELDS.join(", ")})`,
      );
    }
    required.add(field as RequiredField);
  }
  const budgetMs = intEnv("PORTOUT_BUDGET_MS", 5000, env);
  const directoryTimeoutMs = intEnv("PORTOUT_DIRECTORY_TIMEOUT_MS", 3000, env);
  if (directoryTimeoutMs >= budgetMs) {
    throw new ConfigError(
      "PORTOUT_DIRECTORY_TIMEOUT_MS",
      `must be less than PORTOUT_BUDGET_MS (${budgetMs})`,
    );
  }
  return {
    onDirectoryFailure,
    required,
    maxNumbers: intEnv("PORTOUT_MAX_NUMBERS", 100, env),
    budgetMs,
    directoryTimeoutMs,
    maxSecretChecks: intEnv("PORTOUT_MAX_SECRET_CHECKS", 16, env),
    lockoutMaxFailures: intEnv("PORTOUT_LOCKOUT_MAX_FAILURES", 5, env),
    lockoutWindowSeconds: intEnv("PORTOUT_LOCKOUT_WINDOW_SECONDS", 86_400, env),
  };
}
