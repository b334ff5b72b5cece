import { describe, expect, it } from "vitest";
import { loadDestinations } from "../../../lib/destinations/config.ts";
import { matchesFilter, parseFilter } from "../../../lib/destinations/filter.ts";
import { orderEvent } from "../../helpers/events.ts";

const portIn = orderEvent("P1", 1, { status: "complete", phoneNumbers: ["+13125550100", "+14155550111"] });

describe("destination filter", () => {
  it("matches everything when empty", () => {
    expect(matchesFilter(parseFilter(undefined, "d"), portIn)).toBe(true);
  });

  it.each([
    [{ types: ["port_in.*"] }, true],
    [{ types: ["*.status_changed"] }, true],
    [{ types: ["port_in.status_changed"] }, true],
    [{ types: ["port_in"] }, false],
    [{ types: ["port_out.*", "order.*"] }, false],
    [{ types: ["port.in.*"] }, false],
    [{ providers: ["telnyx"] }, true],
    [{ providers: ["bandwidth"] }, false],
    [{ statuses: ["complete", "failed"] }, true],
    [{ statuses: ["failed"] }, false],
    [{ phoneNumberPrefixes: ["+1415"] }, true],
    [{ phoneNumberPrefixes: ["+44"] }, false],
    [
      { types: ["port_in.*"], providers: ["telnyx"], statuses: ["complete"], phoneNumberPrefixes: ["+1312"] },
      true,
    ],
    [{ types: ["port_in.*"], providers: ["bandwidth"] }, false],
  ])("%j → %s", (filter, expected) => {
    expect(matchesFilter(parseFilter(filter, "d"), portIn)).toBe(expected);
  });

  it("does not match a status filter when the event has no status", () => {
    expect(
      matchesFilter(parseFilter({ statuses: ["complete"] }, "d"), orderEvent("P1", 2, { status: null })),
    ).toBe(false);
  });

  it.each([
    ['{"types":"port_in.*"}', /filter.types must be a non-empty list of strings/],
    ['{"type":["x"]}', /destinations\[0\].filter: unknown key "type"/],
    ['{"statuses":[]}', /filter.statuses must be a non-empty list/],
  ])("rejects filter %s at cold start", (filter, message) => {
    expect(() =>
      loadDestinations(`{"destinations":[{"name":"a","type":"file","path":"x","filter":${filter}}]}`),
    ).toThrow(message);
  });
});
