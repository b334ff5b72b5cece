/**
 * The characters XML 1.0 forbids in a document: everything outside its `Char` production
 * (https://www.w3.org/TR/xml/#charsets), i.e. C0 controls but tab, LF and CR, lone surrogates,
 * U+FFFE and U+FFFF. A port-out answer holding one is not XML, and an answer Bandwidth cannot read
 * counts as approval (site/docs/numbers/portoutWebhook.md, Bandwidth/api-docs).
 */
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, "gu");

/** Whether `text` holds a character XML 1.0 forbids. */
export function hasXmlForbiddenChar(text: string): boolean {
  return FORBIDDEN.test(text);
}

/** Whether `text` holds a character reference (`&#1;`, `&#xFFFE;`) to a character XML 1.0 forbids. */
export function refersToXmlForbiddenChar(text: string): boolean {
  for (const [, hex, decimal] of text.matchAll(/&#(?:x([0-9a-fA-F]+)|([0-9]+));/g)) {
    const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal);
    if (code > 0x10ffff || hasXmlForbiddenChar(String.fromCodePoint(code))) return true;
  }
  return false;
}

/** `text` without the characters XML 1.0 forbids. */
export function dropXmlForbiddenChars(text: string): string {
  return text.replace(FORBIDDEN_ALL, "");
}
