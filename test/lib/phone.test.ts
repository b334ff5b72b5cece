import { describe, expect, it } from "vitest";
import { normalizeNumbers, toE164 } from "../../lib/phone.ts";

describe("toE164", () => {
  it.each([
    ["9122087804", "+19122087804"],
    ["19122087804", "+19122087804"],
    ["+19122087804", "+19122087804"],
    ["+442071838750", "+442071838750"],
    [" 5402278098 ", "+15402278098"],
  ])("reads %s as %s", (raw, e164) => expect(toE164(raw)).toBe(e164));

  it.each(["0919324529", "12345", "+0123456789", "91220878O4", "", "1122087804"])("refuses %j", (raw) =>
    expect(toE164(raw)).toBeNull(),
  );
});

describe("normalizeNumbers", () => {
  it("deduplicates and keeps what it cannot read apart", () => {
    expect(normalizeNumbers(["9122087804", "+19122087804", "0919324529"])).toEqual({
      numbers: ["+19122087804"],
      invalid: ["0919324529"],
    });
  });
});
