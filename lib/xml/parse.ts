import { XMLParser, XMLValidator } from "fast-xml-parser";
import { MalformedBodyError } from "../errors.ts";

const MAX_DEPTH = 32;

/**
 * Hardened XML parsing for provider webhooks.
 * - DTDs and entity declarations are refused outright (no XXE, no billion laughs).
 * - Values stay strings: `0919324529` keeps its leading zero (fast-xml-parser's default turns it into a number).
 * - Elements named in `arrays` are always lists, even when one element is present.
 * - Truncated or malformed XML is rejected: the parser alone accepts it, its validator does not.
 * - Nesting deeper than 32 elements is refused (the parser would otherwise throw a plain Error).
 * - Predefined entities and character references are decoded (`AT&amp;T` → `AT&T`).
 */
export function parseXml(text: string, arrays: ReadonlySet<string>): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw new MalformedBodyError("XML with a DTD or entity declaration is refused");
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new MalformedBodyError(`malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  const parser = new XMLParser({
    ignoreAttributes: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    parseTagValue: false,
    trimValues: true,
    processEntities: true,
    // Decodes numeric character references (`&#65;`) from a fixed table; no entity can be declared.
    htmlEntities: true,
    isArray: (name) => arrays.has(name),
    // Provider documents are a few levels deep; refuse deeper nesting before it costs anything.
    maxNestedTags: MAX_DEPTH,
  });
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch (error) {
    // The validator lets a few shapes through that the parser then refuses (an unclosed `<?pi`,
    // nesting over MAX_DEPTH): they are malformed bodies too, never a crash.
    throw new MalformedBodyError(`malformed XML: ${error instanceof Error ? error.message : "unreadable"}`, {
      cause: error,
    });
  }
  const roots = typeof parsed === "object" && parsed !== null ? Object.keys(parsed) : [];
  if (roots.length !== 1 || roots[0] === "#text")
    throw new MalformedBodyError("expected exactly one root element");
  return parsed as Record<string, unknown>;
}

/** The text of a child element, or null when it is absent or empty. */
export function textOf(node: Record<string, unknown>, name: string): string | null {
  const value = node[name];
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** The texts of `<container><item/>…</container>`, tolerating an empty container. */
export function listOf(node: Record<string, unknown>, container: string, item: string): string[] {
  const holder = node[container];
  if (typeof holder !== "object" || holder === null) return [];
  const items = (holder as Record<string, unknown>)[item];
  if (!Array.isArray(items)) return [];
  return items.filter((value): value is string => typeof value === "string" && value !== "");
}
