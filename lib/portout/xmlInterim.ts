// INTERIM until the lead's hardened parser (lib/xml/parse.ts) is merged from main; then deleted.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { MalformedBodyError } from "../errors.ts";

export function parseXml(text: string, arrays: ReadonlySet<string>): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new MalformedBodyError("XML with a DTD is refused");
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new MalformedBodyError(`malformed XML at line ${valid.err.line}`);
  const parser = new XMLParser({
    ignoreAttributes: true,
    ignoreDeclaration: true,
    parseTagValue: false,
    trimValues: true,
    isArray: (name) => arrays.has(name),
  });
  return parser.parse(text) as Record<string, unknown>;
}

export function textOf(node: Record<string, unknown>, name: string): string | null {
  const value = node[name];
  return typeof value === "string" && value !== "" ? value : null;
}
