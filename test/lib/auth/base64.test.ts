import { describe, expect, it } from "vitest";
import { decodeBase64Strict } from "../../../lib/auth/base64.ts";

describe("decodeBase64Strict", () => {
  it("decodes padded standard base64", () => {
    expect(decodeBase64Strict("aGk=")?.toString()).toBe("hi");
    expect(decodeBase64Strict("+/8A")).toEqual(Buffer.from([0xfb, 0xff, 0x00]));
  });

  it.each([
    ["empty", ""],
    ["unpadded", "aGk"],
    ["url-safe alphabet", "-_8A"],
    ["an inner space", "aG k="],
    ["garbage Buffer.from would skip", "aGk=!!!!"],
    ["data after the padding", "aGk=aGk="],
  ])("refuses %s", (_, value) => {
    expect(decodeBase64Strict(value)).toBeNull();
  });
});
