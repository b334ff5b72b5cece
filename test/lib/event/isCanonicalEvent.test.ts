import { describe, expect, it } from "vitest";
import { SPEC_VERSION } from "../../../lib/event/canonical.ts";
import { isCanonicalEvent } from "../../../lib/event/isCanonicalEvent.ts";

const envelope = { specversion: SPEC_VERSION, id: "evt-1", type: "order.status_changed", data: {} };

describe("isCanonicalEvent", () => {
  it("accepts an envelope with this spec version, a string id and object data", () => {
    expect(isCanonicalEvent(envelope)).toBe(true);
  });

  it.each([
    ["another spec version", { ...envelope, specversion: "0.3" }],
    ["a numeric id", { ...envelope, id: 1 }],
    ["no data", { specversion: SPEC_VERSION, id: "evt-1" }],
    ["null data", { ...envelope, data: null }],
    ["array data", { ...envelope, data: [] }],
    ["an array", [envelope]],
    ["null", null],
  ])("rejects %s", (_, value) => {
    expect(isCanonicalEvent(value)).toBe(false);
  });
});
