import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../lib/errors.ts";
import { loadPolicy } from "../../../lib/portout/policy.ts";

describe("loadPolicy", () => {
  it("defaults to fail-closed, account number and PIN required, 100 numbers, 5 s budget, 3 s directory timeout", () => {
    const policy = loadPolicy({});
    expect(policy.onDirectoryFailure).toBe("fail-closed");
    expect([...policy.required].sort()).toEqual(["accountNumber", "pin"]);
    expect(policy.maxNumbers).toBe(100);
    expect(policy.budgetMs).toBe(5000);
    expect(policy.directoryTimeoutMs).toBe(3000);
    expect(policy.maxSecretChecks).toBe(16);
    expect(policy.lockoutMaxFailures).toBe(5);
    expect(policy.lockoutWindowSeconds).toBe(86_400);
  });

  it("reads every setting from its variable", () => {
    const policy = loadPolicy({
      PORTOUT_ON_DIRECTORY_FAILURE: "fail-open",
      PORTOUT_REQUIRED_FIELDS: "pin, zipCode",
      PORTOUT_MAX_NUMBERS: "5",
      PORTOUT_BUDGET_MS: "2000",
      PORTOUT_DIRECTORY_TIMEOUT_MS: "500",
      PORTOUT_MAX_SECRET_CHECKS: "4",
      PORTOUT_LOCKOUT_MAX_FAILURES: "3",
      PORTOUT_LOCKOUT_WINDOW_SECONDS: "600",
    });
    expect(policy).toEqual({
      onDirectoryFailure: "fail-open",
      required: new Set(["pin", "zipCode"]),
      maxNumbers: 5,
      budgetMs: 2000,
      directoryTimeoutMs: 500,
      maxSecretChecks: 4,
      lockoutMaxFailures: 3,
      lockoutWindowSeconds: 600,
    });
  });

  it("allows requiring nothing", () => {
    expect(loadPolicy({ PORTOUT_REQUIRED_FIELDS: "" }).required.size).toBe(0);
  });

  it.each([
    [{ PORTOUT_ON_DIRECTORY_FAILURE: "approve" }, "PORTOUT_ON_DIRECTORY_FAILURE"],
    [{ PORTOUT_REQUIRED_FIELDS: "pin,ssn" }, "PORTOUT_REQUIRED_FIELDS"],
    [{ PORTOUT_MAX_NUMBERS: "0" }, "PORTOUT_MAX_NUMBERS"],
    [{ PORTOUT_MAX_SECRET_CHECKS: "0" }, "PORTOUT_MAX_SECRET_CHECKS"],
    [{ PORTOUT_LOCKOUT_MAX_FAILURES: "-1" }, "PORTOUT_LOCKOUT_MAX_FAILURES"],
    [{ PORTOUT_LOCKOUT_WINDOW_SECONDS: "1h" }, "PORTOUT_LOCKOUT_WINDOW_SECONDS"],
    [{ PORTOUT_BUDGET_MS: "1000", PORTOUT_DIRECTORY_TIMEOUT_MS: "1000" }, "PORTOUT_DIRECTORY_TIMEOUT_MS"],
  ])("rejects %o naming %s", (env, variable) => {
    expect(() => loadPolicy(env)).toThrow(ConfigError);
    expect(() => loadPolicy(env)).toThrow(variable);
  });
});
