import { describe, expect, it } from "vitest";
import { type OrderChange, type OrderState, verdictOf } from "../../../lib/orderState/orderChange.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 12, minute)).toISOString();
const change = (overrides: Partial<OrderChange> = {}): OrderChange => ({
  key: "ORDER#bandwidth#o-1",
  status: "COMPLETE",
  changedAt: at(10),
  eventId: "live",
  recovered: false,
  providerTimed: true,
  ...overrides,
});
const stored = (overrides: Partial<OrderState> = {}): OrderState => ({
  status: "COMPLETE",
  changedAt: at(10),
  eventId: "reconciled",
  recovered: true,
  ...overrides,
});

describe("verdictOf", () => {
  it("records the first state of an order; a reconciled event published again was fanned out already", () => {
    expect(verdictOf(change(), undefined)).toBe("current");
    expect(verdictOf(change({ eventId: "reconciled", recovered: true }), stored())).toBe("seen");
    // A live event sent again on purpose (re-ingest) goes through as before.
    expect(verdictOf(change({ eventId: "live" }), stored({ eventId: "live", recovered: false }))).toBe(
      "current",
    );
  });

  it("absorbs the late live notification of a status the reconciler delivered", () => {
    expect(verdictOf(change(), stored())).toBe("absorbed");
    // Without LastModifiedDate its time is the (later) receive time: still the same change.
    expect(verdictOf(change({ changedAt: at(50), providerTimed: false }), stored())).toBe("absorbed");
  });

  it("delivers a later change of the same status (a newer LastModifiedDate) after a reconciled one", () => {
    expect(verdictOf(change({ changedAt: at(20) }), stored())).toBe("current");
  });

  it("does not deliver a reconciled change whose live notification got through first", () => {
    expect(
      verdictOf(
        change({ eventId: "reconciled", recovered: true }),
        stored({ eventId: "live", recovered: false }),
      ),
    ).toBe("seen");
  });

  it("marks an event older than the recorded state stale, whatever its source", () => {
    expect(verdictOf(change({ status: "FOC", changedAt: at(5) }), stored())).toBe("stale");
    expect(verdictOf(change({ status: "FOC", changedAt: at(5) }), stored({ recovered: false }))).toBe(
      "stale",
    );
  });

  it("records a newer state", () => {
    expect(verdictOf(change({ status: "FAILED", changedAt: at(11) }), stored({ recovered: false }))).toBe(
      "current",
    );
  });
});
