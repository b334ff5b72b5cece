import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type DirectoryEntry, toDirectoryEntry } from "../../../lib/directory/directoryEntry.ts";
import { toStoredRecords } from "../../../lib/directory/storedRecords.ts";
import {
  decide,
  decideWithoutDirectory,
  fallbackDecision,
  numbersToLookUp,
} from "../../../lib/portout/decide.ts";
import { loadPolicy, type PortOutPolicy } from "../../../lib/portout/policy.ts";
import type { PortOutValidationRequest } from "../../../lib/portout/request.ts";

const ACCOUNT_1 = {
  accountId: "acct-1",
  accountNumber: "777",
  pin: "1111",
  zipCode: "62025",
  subscriberName: "Subscriber Name",
};
const ACCOUNT_2 = { accountId: "acct-2", accountNumber: "AC-555", pin: "0042", zipCode: "02154" };
/** One account whose import gave its two numbers different PINs (records are per number). */
const ACCOUNT_3 = { accountId: "acct-3", accountNumber: "333" };
let entries: Map<string, DirectoryEntry>;

beforeAll(async () => {
  const rows = [
    { telephoneNumber: "2223331000", ...ACCOUNT_1 },
    { telephoneNumber: "2223331001", ...ACCOUNT_1 },
    { telephoneNumber: "2223331002", ...ACCOUNT_1, status: "inactive" },
    { telephoneNumber: "9195551234", ...ACCOUNT_2 },
    { telephoneNumber: "3335551000", ...ACCOUNT_3, pin: "1234" },
    { telephoneNumber: "3335551001", ...ACCOUNT_3, pin: "5678" },
  ];
  const stored = await toStoredRecords(rows.map((row, i) => ({ where: `row ${i}`, row })));
  entries = new Map(stored.map((record) => [record.telephoneNumber, toDirectoryEntry({ ...record })]));
});

const policy: PortOutPolicy = loadPolicy({});
/** A well-formed record whose hashes match nothing: checking it costs two scrypt runs, storing it none. */
const randomRecord = (accountId: string): DirectoryEntry => ({
  telephoneNumber: "",
  accountId,
  active: true,
  accountNumberHash: `scrypt$16384$8$1$${randomBytes(16).toString("base64url")}$${randomBytes(32).toString("base64url")}`,
  pinHash: `scrypt$16384$8$1$${randomBytes(16).toString("base64url")}$${randomBytes(32).toString("base64url")}`,
  zipCode: null,
  subscriberName: null,
});
const request = (fields: Partial<PortOutValidationRequest> = {}): PortOutValidationRequest => ({
  pon: "pon-1",
  pin: "1111",
  accountNumber: "777",
  zipCode: "62025",
  subscriberName: "Subscriber Name",
  telephoneNumbers: ["2223331000", "2223331001"],
  ...fields,
});
const codes = async (req: PortOutValidationRequest, with_: PortOutPolicy = policy) =>
  (await decide(req, entries, with_)).errors.map((error) => error.code);

describe("decide", () => {
  it("approves when every number is known, active and the account's details match", async () => {
    const decision = await decide(request(), entries, policy);
    expect(decision).toMatchObject({ portable: true, pon: "pon-1", errors: [], basis: "directory" });
    expect(decision.acceptableNumbers).toEqual(["2223331000", "2223331001"]);
  });

  it("approves with formatting differences the operator's records do not share", async () => {
    const decision = await decide(
      request({ accountNumber: " 7-7 7 ", zipCode: "62025-1234", subscriberName: "SUBSCRIBER  name." }),
      entries,
      policy,
    );
    expect(decision.portable).toBe(true);
  });

  it("accepts missing optional fields: no ZIP and no name are not checked", async () => {
    const decision = await decide(
      request({ zipCode: null, subscriberName: null, pon: null }),
      entries,
      policy,
    );
    expect(decision.portable).toBe(true);
    expect(decision.checks).toContainEqual({
      check: "zipCode",
      subject: "account:acct-1",
      outcome: "not-checked",
    });
  });

  it("7510 when the account number is required and missing", async () => {
    expect(await codes(request({ accountNumber: null }))).toEqual([7510]);
  });
  it("7511 when the account number does not match", async () => {
    expect(await codes(request({ accountNumber: "778" }))).toEqual([7511]);
  });
  it("7512 when the PIN is required and missing", async () => {
    expect(await codes(request({ pin: null }))).toEqual([7512]);
  });
  it("7513 when the PIN does not match", async () => {
    expect(await codes(request({ pin: "1112" }))).toEqual([7513]);
  });
  it("7513 when the PIN is not 1 to 10 digits", async () => {
    expect(await codes(request({ pin: "11a1" }))).toEqual([7513]);
  });
  it("7514 when the ZIP is required and missing", async () => {
    expect(
      await codes(request({ zipCode: null }), loadPolicy({ PORTOUT_REQUIRED_FIELDS: "zipCode" })),
    ).toEqual([7514]);
  });
  it("7515 when the ZIP does not match", async () => {
    expect(await codes(request({ zipCode: "62026" }))).toEqual([7515]);
  });
  it("7516 for a number the directory does not know, naming it", async () => {
    const decision = await decide(
      request({ telephoneNumbers: ["2223331000", "2223339999"] }),
      entries,
      policy,
    );
    expect(decision.errors).toEqual([
      { code: 7516, description: "Telephone Number not recognized or invalid for this account: 2223339999" },
    ]);
  });
  it("7516 for a number that is not a phone number", async () => {
    expect(await codes(request({ telephoneNumbers: ["12345"] }))).toEqual([7516]);
  });
  it("7516 for a number of another account than the one the account number identifies", async () => {
    const decision = await decide(
      request({ telephoneNumbers: ["2223331000", "9195551234"] }),
      entries,
      policy,
    );
    expect(decision.errors).toEqual([
      { code: 7516, description: "Telephone Number not recognized or invalid for this account: 9195551234" },
    ]);
    expect(decision.acceptableNumbers).toEqual(["2223331000"]);
    expect(decision.checks).toContainEqual({
      check: "pin",
      subject: "account:acct-2",
      outcome: "fail",
      code: 7513,
    });
  });
  it("counts every account's failures when the account number identifies none of them", async () => {
    const decision = await decide(
      request({ accountNumber: "999", telephoneNumbers: ["2223331000", "9195551234"] }),
      entries,
      policy,
    );
    expect(decision.errors.map((e) => e.code)).toEqual([7511, 7513, 7515]);
    expect(decision.acceptableNumbers).toEqual(["2223331000", "9195551234"]);
  });
  it("counts every account's failures when no account number was given", async () => {
    const decision = await decide(
      request({ accountNumber: null, telephoneNumbers: ["2223331000", "9195551234"] }),
      entries,
      policy,
    );
    expect(decision.errors.map((e) => e.code)).toEqual([7510, 7513, 7515]);
    expect(decision.acceptableNumbers).toEqual(["2223331000", "9195551234"]);
  });
  it("7517 when there are more numbers than PORTOUT_MAX_NUMBERS, without asking the directory", () => {
    const many = request({
      telephoneNumbers: Array.from({ length: 101 }, (_, i) => `222333${String(i).padStart(4, "0")}`),
    });
    expect(decideWithoutDirectory(many, policy)?.errors.map((e) => e.code)).toEqual([7517]);
    expect(decideWithoutDirectory(request(), policy)).toBeNull();
  });
  it("7518 for a number that is not active, naming it", async () => {
    const decision = await decide(
      request({ telephoneNumbers: ["2223331000", "2223331002"] }),
      entries,
      policy,
    );
    expect(decision.errors).toEqual([{ code: 7518, description: "Telephone Number Not Active: 2223331002" }]);
  });
  it("7519 when the subscriber name does not match", async () => {
    expect(await codes(request({ subscriberName: "Someone Else" }))).toEqual([7519]);
  });
  it("reports every failed check at once, in code order", async () => {
    expect(
      await codes(request({ pin: "0000", accountNumber: "1", zipCode: "99999", subscriberName: "X" })),
    ).toEqual([7511, 7513, 7515, 7519]);
  });

  it("fails a multi-number request with one bad number but lists the good ones as acceptable", async () => {
    const decision = await decide(
      request({ telephoneNumbers: ["2223331000", "2223331001", "2223339999"] }),
      entries,
      policy,
    );
    expect(decision.portable).toBe(false);
    expect(decision.errors.map((e) => e.code)).toEqual([7516]);
    expect(decision.acceptableNumbers).toEqual(["2223331000", "2223331001"]);
  });

  it.each([
    ["first", ["3335551000", "3335551001"]],
    ["second", ["3335551001", "3335551000"]],
  ])(
    "checks each number against its own record: one number's PIN does not approve another's (%s)",
    async (_, numbers) => {
      const decision = await decide(
        request({
          pin: "1234",
          accountNumber: "333",
          zipCode: null,
          subscriberName: null,
          telephoneNumbers: numbers,
        }),
        entries,
        policy,
      );
      expect(decision.portable).toBe(false);
      expect(decision.errors.map((e) => e.code)).toEqual([7513]);
      expect(decision.wrongPinNumbers).toEqual(["+13335551001"]);
    },
  );

  it("approves numbers of one account with different records when the PIN fits each of them", async () => {
    const same = [...entries.values()].find((e) => e.telephoneNumber === "+13335551000");
    const withSamePin = new Map(entries).set("+13335551001", {
      ...(same as DirectoryEntry),
      telephoneNumber: "+13335551001",
    });
    const decision = await decide(
      request({ pin: "1234", accountNumber: "333", telephoneNumbers: ["3335551000", "3335551001"] }),
      withSamePin,
      policy,
    );
    expect(decision.portable).toBe(true);
  });

  it("lists the recognised, active numbers of the account the request names even when a detail fails", async () => {
    const decision = await decide(request({ pin: "9999" }), entries, policy);
    expect(decision.errors.map((e) => e.code)).toEqual([7513]);
    expect(decision.acceptableNumbers).toEqual(["2223331000", "2223331001"]);
    expect(decision.wrongPinNumbers).toEqual(["+12223331000", "+12223331001"]);
  });

  it("refuses with 7598, checking nothing, a request whose numbers need more secret checks than the cap", async () => {
    // 20 accounts, one number each: 40 scrypt checks where the cap allows PORTOUT_MAX_SECRET_CHECKS (16).
    const many = new Map<string, DirectoryEntry>();
    const numbers: string[] = [];
    for (let i = 0; i < 20; i++) {
      const number = `404555${String(i).padStart(4, "0")}`;
      numbers.push(number);
      many.set(`+1${number}`, { ...randomRecord(`acct-many-${i}`), telephoneNumber: `+1${number}` });
    }
    const decision = await decide(request({ telephoneNumbers: numbers }), many, policy);
    expect(decision).toMatchObject({ portable: false, basis: "request", acceptableNumbers: [] });
    expect(decision.errors.map((e) => e.code)).toEqual([7598]);
    expect(decision.checks).toEqual([{ check: "workCap", subject: "request", outcome: "fail", code: 7598 }]);
  });

  it("denies a locked number with 7513 whatever PIN is given, and still lists it", async () => {
    const decision = await decide(request(), entries, policy, new Set(["+12223331001"]));
    expect(decision.portable).toBe(false);
    expect(decision.errors.map((e) => e.code)).toEqual([7513]);
    expect(decision.errors[0]?.description).toBe("PIN Invalid");
    expect(decision.checks).toContainEqual({
      check: "pinLockout",
      subject: "2223331001",
      outcome: "fail",
      code: 7513,
    });
    expect(decision.acceptableNumbers).toEqual(["2223331000", "2223331001"]);
    expect(decision.wrongPinNumbers).toEqual([]);
  });

  it("gives the same answer to the same request every time (Bandwidth retries up to 8 times)", async () => {
    const req = request({ telephoneNumbers: ["2223339999", "2223331002", "2223331000"], pin: "1" });
    const answers = await Promise.all([1, 2, 3].map(() => decide(req, entries, policy)));
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it("looks each well-formed number up once, in E.164", () => {
    expect(
      numbersToLookUp(request({ telephoneNumbers: ["2223331000", "12223331000", "junk", "+442071838750"] })),
    ).toEqual(["+12223331000", "+442071838750"]);
  });
});

describe("fallbackDecision", () => {
  it("fails closed with 7598 when the directory is unavailable under the default policy", () => {
    const decision = fallbackDecision("pon-1", "directory", "fail-closed");
    expect(decision).toMatchObject({ portable: false, pon: "pon-1", basis: "policy", acceptableNumbers: [] });
    expect(decision.errors.map((e) => e.code)).toEqual([7598]);
  });
  it("answers 7599 (Bandwidth approves) only under fail-open and only for the directory", () => {
    expect(fallbackDecision(null, "directory", "fail-open").errors.map((e) => e.code)).toEqual([7599]);
    expect(fallbackDecision(null, "internal", "fail-open").errors.map((e) => e.code)).toEqual([7598]);
    expect(fallbackDecision(null, "overrun", "fail-open").errors.map((e) => e.code)).toEqual([7598]);
    expect(fallbackDecision(null, "invalid-request", "fail-open").errors.map((e) => e.code)).toEqual([7598]);
  });
  it("says why a request was invalid", () => {
    expect(
      fallbackDecision(null, "invalid-request", "fail-closed", "no TelephoneNumbers in the request").errors,
    ).toEqual([{ code: 7598, description: "Invalid Request: no TelephoneNumbers in the request" }]);
  });
});
