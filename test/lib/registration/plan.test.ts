import { describe, expect, it } from "vitest";
import type { ListedSubscription } from "../../../lib/bandwidthApi/subscriptionXml.ts";
import { desiredSubscriptions, EXPIRY_SECONDS } from "../../../lib/registration/desired.ts";
import { formatDuration, planSubscriptions } from "../../../lib/registration/plan.ts";

const URL = "https://api.example/bandwidth/v1/notifications";
const desired = desiredSubscriptions({
  url: URL,
  username: "bandwidth",
  orderTypes: ["portins", "orders"],
  eventTypes: ["MESSAGING_LOST"],
});
const options = { renewBelowSeconds: 30 * 86_400, rewriteCredentials: false };
const listed = (id: string, overrides: Partial<ListedSubscription> = {}): ListedSubscription => ({
  id,
  orderType: "portins",
  url: URL,
  expirySeconds: EXPIRY_SECONDS,
  numberFormat: "E164",
  username: "bandwidth",
  ...overrides,
});
const summary = (changes: ReturnType<typeof planSubscriptions>) =>
  changes.map((change) => [change.action, change.target, "reasons" in change ? change.reasons : []]);

describe("planSubscriptions", () => {
  it("creates every target from nothing", () => {
    expect(summary(planSubscriptions(desired, [], options))).toEqual([
      ["create", "portins", ["missing"]],
      ["create", "orders", ["missing"]],
      ["create", "MESSAGING_LOST", ["missing"]],
    ]);
  });

  it("keeps what matches, updates what differs, and names every difference", () => {
    const plan = planSubscriptions(
      desired,
      [
        listed("a"),
        listed("b", {
          orderType: "orders",
          username: "someone",
          numberFormat: "LEGACY",
          expirySeconds: 3600,
        }),
        listed("c", { orderType: undefined, eventType: "MESSAGING_LOST" }),
      ],
      options,
    );
    expect(summary(plan)).toEqual([
      ["unchanged", "portins", []],
      ["update", "orders", ["username differs", "number format LEGACY", "expires in 1h 0m"]],
      ["unchanged", "MESSAGING_LOST", []],
    ]);
  });

  it("rewrites the credentials of every subscription when asked (Bandwidth never shows the password)", () => {
    const plan = planSubscriptions(desired.slice(0, 1), [listed("a")], {
      ...options,
      rewriteCredentials: true,
    });
    expect(summary(plan)).toEqual([["update", "portins", ["credentials rewritten"]]]);
  });

  it("reports a duplicate and an unselected target as stale, and ignores other URLs", () => {
    const plan = planSubscriptions(
      desired.slice(0, 1),
      [
        listed("a"),
        listed("dup"),
        listed("csrs", { orderType: "csrs" }),
        listed("theirs", { url: "https://elsewhere.example/hook", orderType: "orders" }),
      ],
      options,
    );
    expect(summary(plan)).toEqual([
      ["unchanged", "portins", []],
      ["stale", "portins", ["a second subscription for the same target"]],
      ["stale", "csrs", ["target not selected"]],
    ]);
  });
});

describe("formatDuration", () => {
  it.each([
    [90_061, "1d 1h"],
    [3_540, "0h 59m"],
    [0, "0h 0m"],
  ])("%i s → %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
