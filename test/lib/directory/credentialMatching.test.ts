import { describe, expect, it } from "vitest";
import {
  isPinShaped,
  namesMatch,
  normalizeAccountNumber,
  zipCodesMatch,
} from "../../../lib/directory/credentialMatching.ts";

describe("comparison rules", () => {
  it("account numbers ignore spaces, dashes, dots and case", () => {
    expect(normalizeAccountNumber(" 12-345.a b ")).toBe("12345AB");
  });

  it.each([
    ["62025", "62025", true],
    ["62025-1234", "62025", true],
    ["620251234", "62025-9999", true],
    ["62026", "62025", false],
    ["SW1A 1AA", "sw1a1aa", true],
    ["K1A 0B1", "K1A 0B2", false],
  ])("ZIP %s against %s: %s", (requested, stored, match) => {
    expect(zipCodesMatch(requested, stored)).toBe(match);
  });

  it.each([
    ["O'Brien,  José", "obrien jose", true],
    ["SUBSCRIBER NAME.", "Subscriber Name", true],
    ["Acme Corp", "Acme Inc", false],
  ])("name %s against %s: %s", (requested, stored, match) => {
    expect(namesMatch(requested, stored)).toBe(match);
  });

  it("PINs are 1 to 10 digits", () => {
    expect(["0", "0042", "1234567890"].map(isPinShaped)).toEqual([true, true, true]);
    expect(["", "12345678901", "12a4", "１２３４"].map(isPinShaped)).toEqual([false, false, false, false]);
  });
});
