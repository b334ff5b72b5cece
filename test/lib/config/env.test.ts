import { describe, expect, it } from "vitest";
import { listEnv } from "../../../lib/config/env.ts";

describe("listEnv", () => {
  it("splits on commas, trims, drops empty items, and falls back only when unset", () => {
    expect(listEnv("LIST", ["bandwidth"], { LIST: " bandwidth , telnyx,," })).toEqual([
      "bandwidth",
      "telnyx",
    ]);
    expect(listEnv("LIST", ["bandwidth"], {})).toEqual(["bandwidth"]);
    // Set but empty is a choice: nothing, not the default.
    expect(listEnv("LIST", ["bandwidth"], { LIST: "" })).toEqual([]);
  });
});
