import { describe, expect, it } from "vitest";
import { MalformedBodyError } from "../../../lib/errors.ts";
import { parseXml, textOf } from "../../../lib/xml/parse.ts";

const LISTS = new Set(["TelephoneNumber"]);

describe("parseXml", () => {
  it("keeps phone numbers as strings, leading zeros included", () => {
    const doc = parseXml("<N><Numbers><TelephoneNumber>0919324529</TelephoneNumber></Numbers></N>", LISTS);
    expect((doc.N as { Numbers: { TelephoneNumber: unknown } }).Numbers.TelephoneNumber).toEqual([
      "0919324529",
    ]);
  });

  it("returns a single listed element as a one-item list", () => {
    const doc = parseXml("<N><Numbers><TelephoneNumber>9195551212</TelephoneNumber></Numbers></N>", LISTS);
    expect((doc.N as { Numbers: { TelephoneNumber: unknown } }).Numbers.TelephoneNumber).toEqual([
      "9195551212",
    ]);
  });

  it("decodes predefined entities and character references", () => {
    const doc = parseXml("<N><Note>AT&amp;T &lt;CSR&gt; &#65;&#x42;</Note></N>", LISTS);
    expect(textOf(doc.N as Record<string, unknown>, "Note")).toBe("AT&T <CSR> AB");
  });

  it.each([
    ["an internal entity", '<!DOCTYPE N [<!ENTITY x "boom">]><N>&x;</N>'],
    ["an external entity (XXE)", '<!DOCTYPE N [<!ENTITY x SYSTEM "file:///etc/passwd">]><N>&x;</N>'],
    ["billion laughs", '<!DOCTYPE l [<!ENTITY a "aa"><!ENTITY b "&a;&a;">]><N>&b;</N>'],
    ["a bare DOCTYPE", "<!doctype N><N>x</N>"],
  ])("refuses a DTD with %s", (_, xml) => {
    expect(() => parseXml(xml, LISTS)).toThrow(/DTD or entity/);
  });

  it.each([
    ["truncated", "<Notification><Status>COMPLETE</Status><OrderId>abc"],
    ["mismatched tags", "<N><A>x</B></N>"],
    ["not XML at all", "status=COMPLETE"],
    ["two roots", "<A/><B/>"],
  ])("rejects %s XML with a MalformedBodyError", (_, xml) => {
    expect(() => parseXml(xml, LISTS)).toThrow(MalformedBodyError);
  });

  it("answers a malformed body with its line only, never the parser's own wording", () => {
    const attempt = () => parseXml("<Notification>\n<Status>COMPLETE</Notification>", new Set());
    expect(attempt).toThrow(MalformedBodyError);
    expect(attempt).toThrow(/^malformed XML at line 2$/);
  });

  it("refuses nesting deeper than 32 elements before validating", () => {
    expect(() => parseXml(`${"<a>".repeat(33)}x${"</a>".repeat(33)}`, LISTS)).toThrow(
      /nested deeper than 32/,
    );
    expect(() => parseXml(`${"<a>".repeat(32)}x${"</a>".repeat(32)}`, LISTS)).not.toThrow();
  });

  it("does not count siblings, self-closing tags, comments or the declaration as nesting", () => {
    const siblings = `<?xml version="1.0"?><!-- c --><N>${"<E/><F>x</F><!-- note -->".repeat(100)}</N>`;
    expect(() => parseXml(siblings, LISTS)).not.toThrow();
  });

  it("reads an empty element as absent", () => {
    const doc = parseXml("<N><Note></Note><Message/></N>", LISTS);
    const node = doc.N as Record<string, unknown>;
    expect(textOf(node, "Note")).toBeNull();
    expect(textOf(node, "Message")).toBeNull();
  });
});
