import { describe, expect, it } from "vitest";
import { asciiJson } from "../../../lib/queue/asciiJson.ts";

describe("asciiJson", () => {
  const value = { note: "àáâ ÿ 中文 🚀 — \u0001 \ud800", n: 1, list: ["é"] };

  it("writes only printable ASCII", () => {
    expect(asciiJson(value)).toMatch(/^[\x20-\x7e]*$/);
  });

  it("is the same JSON value", () => {
    expect(JSON.parse(asciiJson(value))).toEqual(value);
  });

  it("leaves ASCII-only JSON as JSON.stringify writes it", () => {
    expect(asciiJson({ a: "b", c: [1, null] })).toBe(JSON.stringify({ a: "b", c: [1, null] }));
  });
});
