import { describe, expect, it } from "vitest";
import { verifyTimestamp } from "../../../lib/auth/timestamp.ts";
import { AuthenticationError } from "../../../lib/errors.ts";

const now = new Date(1_755_879_834_000);
const at = (offsetSeconds: number) => String(1_755_879_834 + offsetSeconds);
const check = (value: string | undefined) => verifyTimestamp(value, "x-ts", now, 300);

describe("verifyTimestamp", () => {
  it.each([0, 300, -300])("accepts a timestamp %i s from now and returns it as sent", (offset) => {
    expect(check(at(offset))).toBe(at(offset));
  });

  it.each([
    ["301 s old", at(-301)],
    ["301 s in the future", at(301)],
    ["a day old", at(-86_400)],
  ])("rejects a timestamp %s", (_, value) => {
    expect(() => check(value)).toThrow(new AuthenticationError("x-ts is more than 300 s away from now"));
  });

  it.each([
    ["milliseconds", String(now.getTime())],
    ["a date string", "2025-08-22T16:23:54Z"],
    ["a negative number", "-1"],
    ["a decimal", "1755879834.5"],
  ])("rejects %s", (_, value) => {
    expect(() => check(value)).toThrow(AuthenticationError);
  });

  it("rejects a missing header", () => {
    expect(() => check(undefined)).toThrow(new AuthenticationError("missing x-ts header"));
  });
});
