import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeNotification as normalizeV1 } from "../../../../lib/providers/bandwidth/v1/normalizeNotification.ts";
import { normalizeNotification as normalizeV2 } from "../../../../lib/providers/bandwidth/v2/normalizeNotification.ts";
import { RUNS } from "../../../fuzz/runs.ts";

/**
 * The id rule (docs/canonical-event.md): a duplicate → the same id; the same change through v1
 * and v2 → the same id; two different changes → two ids, also when the payload carries no timestamp.
 */

interface Change {
  orderType: string;
  orderId: string;
  status: string | null;
  note: string | null;
  message: string | null;
  lastModifiedDate: string | null;
  /** 10-digit NANP numbers. */
  numbers: string[];
}

/** How one delivery of a change may differ from another without being another change. */
interface Delivery {
  subscriptionId: string;
  reversed: boolean;
  e164: boolean;
  wrapped: boolean;
  customerOrderId: string | null;
  receivedAt: string;
}

const NUMBERS = ["9192345678", "9192345679", "3035550123", "5402278098", "9122087804"];
const words = fc
  .stringMatching(/^[A-Za-z0-9 .,:;'()&<>é中\n-]{1,40}$/)
  .filter((text) => text.trim().length > 0);
const instant = fc
  .integer({ min: Date.parse("2015-01-01T00:00:00Z"), max: Date.parse("2030-01-01T00:00:00Z") })
  .map((ms) => new Date(ms).toISOString());
const change: fc.Arbitrary<Change> = fc
  .record({
    orderType: fc.constantFrom("portins", "orders", "disconnects", "lsrorders", "bulkPortins", "csrs"),
    orderId: fc.uuid(),
    status: fc.option(fc.constantFrom("COMPLETE", "EXCEPTION", "FOC", "SUBMITTED", "PARTIAL", "FAILED"), {
      nil: null,
    }),
    note: fc.option(words, { nil: null }),
    message: fc.option(words, { nil: null }),
    lastModifiedDate: fc.option(instant, { nil: null }),
    numbers: fc.subarray(NUMBERS),
  })
  // A notification is a status change, a note, or both.
  .filter((c) => c.status !== null || c.note !== null);
const delivery: fc.Arbitrary<Delivery> = fc.record({
  subscriptionId: fc.uuid(),
  reversed: fc.boolean(),
  e164: fc.boolean(),
  wrapped: fc.boolean(),
  customerOrderId: fc.option(fc.constantFrom("port-0001", "acme"), { nil: null }),
  receivedAt: instant,
});

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function v1Xml(c: Change, d: Delivery): string {
  const numbers = c.numbers
    .map((n) => `<TelephoneNumber>${d.e164 ? `+1${n}` : n}</TelephoneNumber>`)
    .join("");
  const elements = [
    `<SubscriptionId>${d.subscriptionId}</SubscriptionId>`,
    `<OrderType>${c.orderType}</OrderType>`,
    `<OrderId>${c.orderId}</OrderId>`,
    d.customerOrderId ? `<CustomerOrderId>${d.customerOrderId}</CustomerOrderId>` : "",
    c.status ? `<Status>${c.status}</Status>` : "",
    c.message ? `<Message>${escapeXml(c.message)}</Message>` : "",
    c.note ? `<Note>${escapeXml(c.note)}</Note>` : "",
    numbers ? `<CompletedTelephoneNumbers>${numbers}</CompletedTelephoneNumbers>` : "",
    c.lastModifiedDate ? `<LastModifiedDate>${c.lastModifiedDate}</LastModifiedDate>` : "",
  ];
  return `<Notification>${(d.reversed ? elements.reverse() : elements).join("\n  ")}</Notification>`;
}

function v2Json(c: Change, d: Delivery): Buffer {
  const entries = Object.entries({
    orderType: c.orderType,
    orderId: c.orderId,
    customerOrderId: d.customerOrderId,
    status: c.status,
    message: c.message,
    note: c.note,
    completedPhoneNumbers: c.numbers.length > 0 ? c.numbers.map((n) => `+1${n}`) : null,
    lastModifiedDate: c.lastModifiedDate,
  }).filter(([, value]) => value !== null);
  const event = Object.fromEntries(d.reversed ? entries.reverse() : entries);
  const body = d.wrapped
    ? { eventType: c.status ? "order_change" : "note", eventTime: d.receivedAt, data: event }
    : event;
  return Buffer.from(JSON.stringify(body));
}

const idV1 = (c: Change, d: Delivery) => normalizeV1(v1Xml(c, d), d.receivedAt).id;
const idV2 = (c: Change, d: Delivery) => normalizeV2(v2Json(c, d), d.receivedAt).id;

/** A change that differs from `c` in exactly one thing it says. */
const another = (c: Change): fc.Arbitrary<Change> => {
  const same = (x: string | null, y: string | null) =>
    x?.replace(/\s+/g, " ").trim() === y?.replace(/\s+/g, " ").trim();
  const unused = NUMBERS.filter((n) => !c.numbers.includes(n));
  return fc.oneof(
    fc
      .constantFrom("COMPLETE", "EXCEPTION", "FOC", "CANCELLED")
      .filter((s) => s !== c.status)
      .map((status) => ({ ...c, status })),
    words.filter((message) => !same(message, c.message)).map((message) => ({ ...c, message })),
    words.filter((note) => !same(note, c.note)).map((note) => ({ ...c, note })),
    instant.filter((t) => t !== c.lastModifiedDate).map((lastModifiedDate) => ({ ...c, lastModifiedDate })),
    ...(unused.length > 0
      ? [fc.constantFrom(...unused).map((n) => ({ ...c, numbers: [...c.numbers, n] }))]
      : []),
  );
};

describe("Bandwidth event ids", () => {
  it("a duplicate delivery (other subscription, element order, number format, envelope, receive time) gets the same id", () => {
    fc.assert(
      fc.property(change, delivery, delivery, (c, a, b) => {
        expect(idV1(c, b)).toBe(idV1(c, a));
        expect(idV2(c, b)).toBe(idV2(c, a));
      }),
      { numRuns: RUNS },
    );
  });

  it("the same change through v1 XML and v2 JSON gets the same id, with or without a timestamp", () => {
    fc.assert(
      fc.property(change, delivery, delivery, (c, a, b) => {
        expect(idV2(c, b)).toBe(idV1(c, a));
      }),
      { numRuns: RUNS },
    );
  });

  it.each<[string, fc.Arbitrary<Change>, (b: Change) => boolean]>([
    ["with a timestamp", change, () => true],
    // Older notifications carry no LastModifiedDate: everything else they carry tells them apart.
    [
      "without a timestamp",
      change.map((c) => ({ ...c, lastModifiedDate: null })),
      (b) => b.lastModifiedDate === null,
    ],
  ])("two different changes of one order get two ids, %s", (_, changes, keep) => {
    fc.assert(
      fc.property(
        changes.chain((c) => fc.tuple(fc.constant(c), another(c).filter(keep))),
        delivery,
        ([a, b], d) => {
          expect(idV1(b, d)).not.toBe(idV1(a, d));
          expect(idV2(b, d)).not.toBe(idV2(a, d));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("a port-in reaching EXCEPTION twice with different messages and no LastModifiedDate is two events", () => {
    const exception = (message: string) =>
      `<Notification><OrderType>portins</OrderType><OrderId>ee456cfb-d237-4adc-b3f8-9db03d2e62a2</OrderId><Status>EXCEPTION</Status><Message>${message}</Message></Notification>`;
    const first = normalizeV1(exception("7201: LOA signature missing"), "2026-01-02T03:04:05.000Z");
    const second = normalizeV1(exception("7310: Account number mismatch"), "2026-01-03T03:04:05.000Z");
    expect(second.id).not.toBe(first.id);
  });

  it("MESSAGING_LOST, which carries nothing but numbers, is a new event each time it arrives", () => {
    const lost = (subscriptionId: string, number: string) =>
      `<Notification><SubscriptionId>${subscriptionId}</SubscriptionId><EventType>MESSAGING_LOST</EventType><ImpactedTelephoneNumbers><TelephoneNumber>${number}</TelephoneNumber></ImpactedTelephoneNumbers></Notification>`;
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), instant, instant, (s1, s2, t1, t2) => {
        fc.pre(t1 !== t2);
        const at = (subscription: string, number: string, time: string) =>
          normalizeV1(lost(subscription, number), time).id;
        expect(at(s1, "9192345678", t2)).not.toBe(at(s1, "9192345678", t1));
        // The same arrival kept and recovered or replayed (same receive time) keeps its id.
        expect(at(s2, "+19192345678", t1)).toBe(at(s1, "9192345678", t1));
      }),
      { numRuns: RUNS },
    );
  });
});
