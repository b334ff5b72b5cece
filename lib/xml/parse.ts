import { XMLParser, XMLValidator } from "fast-xml-parser";
import { MalformedBodyError } from "../errors.ts";

const MAX_DEPTH = 32;

/**
 * Hardened XML parsing for provider webhooks.
 * - DTDs and entity declarations are refused outright (no XXE, no billion laughs).
 * - Values stay strings: `0919324529` keeps its leading zero (fast-xml-parser's default turns it into a number).
 * - Elements named in `arrays` are always lists, even when one element is present.
 * - Truncated or malformed XML is rejected: the parser alone accepts it, its validator does not.
 * - Nesting deeper than 32 elements is refused, by a linear pre-scan before anything else.
 * - Predefined entities and character references are decoded (`AT&amp;T` → `AT&T`).
 */
export function parseXml(text: string, arrays: ReadonlySet<string>): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw new MalformedBodyError("XML with a DTD or entity declaration is refused");
  if (nestingExceeds(text, MAX_DEPTH))
    throw new MalformedBodyError(`XML nested deeper than ${MAX_DEPTH} elements`);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    // The line tells the sender where; the validator's own wording stays out of the answer.
    throw new MalformedBodyError(`malformed XML at line ${valid.err.line}`, { cause: valid.err });
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
    throw new MalformedBodyError("malformed XML", { cause: error });
  }
  const roots = typeof parsed === "object" && parsed !== null ? Object.keys(parsed) : [];
  if (roots.length !== 1 || roots[0] === "#text")
    throw new MalformedBodyError("expected exactly one root element");
  return parsed as Record<string, unknown>;
}

/**
 * A linear pre-scan for nesting depth, so a deeply nested body is refused before the validator and
 * parser spend time on it. Counts `<name` openings and `</` closings; self-closing tags, comments,
 * CDATA and processing instructions do not nest.
 */
function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let at = text.indexOf("<");
  while (at !== -1) {
    const next = text.charCodeAt(at + 1);
    if (next === 47 /* / */) depth--;
    else if (next !== 33 /* ! */ && next !== 63 /* ? */) {
      const end = text.indexOf(">", at);
      if (end === -1 || text.charCodeAt(end - 1) !== 47) depth++;
      if (depth > max) return true;
    }
    at = text.indexOf("<", at + 1);
  }
  return false;
}

/** The text of a child element, or null when it is absent or empty. */
export function textOf(node: Record<string, unknown>, name: string): string | null {
  const value = node[name];
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}
/** A node with each named element read as one value, and the names whose repeats disagreed. */
export interface SingleValued {
  node: Record<string, unknown>;
  /** Elements repeated with different texts: left out of `node` (which one would be true?). */
  conflicting: string[];
}

/**
 * The node with each named element read as one value: an element repeated with the same text is
 * that text once; repeated with different texts it is left out and named in `conflicting`, so a
 * status change never silently loses its status, nor turns into a note. Pure.
 */
export function singleValued(node: Record<string, unknown>, names: readonly string[]): SingleValued {
  const read = { ...node };
  const conflicting: string[] = [];
  for (const name of names) {
    const value = Object.hasOwn(node, name) ? node[name] : undefined;
    if (!Array.isArray(value)) continue;
    const texts = new Set(value.map((item) => (typeof item === "string" ? item : JSON.stringify(item))));
    if (texts.size > 1) {
      conflicting.push(name);
      delete read[name];
    } else read[name] = value[0];
  }
  return { node: read, conflicting };
}
