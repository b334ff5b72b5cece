import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyBasicAuth } from "../../lib/auth/basic.ts";
import { AuthenticationError, MalformedBodyError } from "../../lib/errors.ts";
import { normalizeNotification } from "../../lib/providers/bandwidth/v1/normalizeNotification.ts";
import { fixtures } from "../helpers/fixtures.ts";
import { assertValidEvent } from "../helpers/schema.ts";
import { RUNS } from "./runs.ts";

const RECEIVED = "2026-01-01T00:00:00.000Z";
const samples = fixtures("bandwidth/v1").map(([, xml]) => xml);

/** Either a schema-valid event or a MalformedBodyError: nothing else may come out of the parser. */
function normalizesOrRejects(xml: string): void {
  try {
    assertValidEvent(normalizeNotification(xml, RECEIVED));
  } catch (error) {
    if (!(error instanceof MalformedBodyError)) throw error;
    expect(error.message.length).toBeLessThan(200);
  }
}

const element = fc.constantFrom(
  "Status",
  "OrderId",
  "OrderType",
  "SubscriptionId",
  "Message",
  "Note",
  "EventType",
  "CustomerOrderId",
  "LastModifiedDate",
  "ActualFocDate",
  "TelephoneNumber",
  "CompletedTelephoneNumbers",
  "ImpactedTelephoneNumbers",
);
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom(
    "COMPLETE",
    "portins",
    "9195551212",
    "+442071838750",
    "0919324529",
    "2024-02-22T20:40:47.539Z",
    "&amp;",
    "]]>",
    "<",
  ),
  fc.bigInt().map(String),
);
/** Random XML built from Bandwidth's own element names, nested up to a few levels. */
const xmlTree: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    text.map((t) => t.replace(/[<&]/g, "")),
    fc
      .tuple(element, fc.array(tie("node"), { maxLength: 4 }))
      .map(([name, children]) => `<${name}>${children.join("")}</${name}>`),
  ),
})).node as fc.Arbitrary<string>;

describe("Bandwidth v1 parser under hostile input", () => {
  it("never throws anything but a MalformedBodyError on arbitrary text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 2000 }), normalizesOrRejects), {
      numRuns: RUNS,
    });
  });

  it("never throws anything but a MalformedBodyError on random Bandwidth-shaped XML", () => {
    fc.assert(
      fc.property(fc.array(xmlTree, { maxLength: 8 }), (children) =>
        normalizesOrRejects(`<?xml version="1.0"?><Notification>${children.join("")}</Notification>`),
      ),
      { numRuns: RUNS },
    );
  });

  it("rejects every truncation of every real sample, or still reads it as a whole notification", () => {
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.nat(), (xml, cut) =>
        normalizesOrRejects(xml.slice(0, cut % xml.length)),
      ),
      { numRuns: RUNS },
    );
  });

  it("survives one byte of a real sample replaced by anything", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 3 }),
        (xml, at, replacement) => {
          const index = at % xml.length;
          normalizesOrRejects(xml.slice(0, index) + replacement + xml.slice(index + 1));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("handles deep nesting without a stack overflow", () => {
    for (const depth of [100, 1000, 5000]) {
      normalizesOrRejects(
        `<Notification>${"<Note>".repeat(depth)}x${"</Note>".repeat(depth)}</Notification>`,
      );
    }
  });

  it("keeps any number-like text as a string, never a number", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^0?\d{1,20}$/), (digits) => {
        const event = normalizeNotification(
          `<Notification><OrderId>o</OrderId><OrderType>orders</OrderType><Status>COMPLETE</Status><CustomerOrderId>${digits}</CustomerOrderId></Notification>`,
          RECEIVED,
        );
        expect(event.data.customerReference).toBe(digits);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("Basic auth under hostile input", () => {
  const expected = { username: "bandwidth", password: "s3cret:with:colons" };
  const good = `Basic ${Buffer.from("bandwidth:s3cret:with:colons").toString("base64")}`;

  it("accepts only the exact credentials, and answers everything else with the challenge", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: "binary" }).map((s) => `Basic ${Buffer.from(s).toString("base64")}`),
        ),
        (header) => {
          try {
            verifyBasicAuth(header, expected);
            expect(header.replace(/^basic/i, "Basic").trim()).toBe(good);
          } catch (error) {
            expect(error).toBeInstanceOf(AuthenticationError);
            expect((error as AuthenticationError).headers["www-authenticate"]).toMatch(/^Basic realm=/);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
