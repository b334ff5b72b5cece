import { describe, expect, it } from "vitest";
import { eventIdOf } from "../../../lib/event/eventId.ts";

describe("eventIdOf", () => {
  it("keeps an id the schema allows", () => {
    expect(eventIdOf("0ccc7b54-4df3-4bca-a65a-3da1ecc777f0")).toBe("0ccc7b54-4df3-4bca-a65a-3da1ecc777f0");
  });

  it.each([
    ["a space", "event 1"],
    ["a non-ASCII character", "événement"],
    ["129 characters", "x".repeat(129)],
  ])("hashes an id with %s, the same way every time", (_case, id) => {
    expect(eventIdOf(id)).toMatch(/^[0-9a-f]{64}$/);
    expect(eventIdOf(id)).toBe(eventIdOf(id));
  });
});
