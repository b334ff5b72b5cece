import type { HttpResponse } from "../http/response.ts";
import type { Decision } from "./decision.ts";
import { dropXmlForbiddenChars } from "./xmlChars.ts";

/**
 * Renders a decision as Bandwidth's `PortOutValidationResponse` (providers.md §3.3), always with
 * HTTP 200: Bandwidth reads a 4xx or 5xx as approval. `AcceptableValues` lists only the numbers found
 * valid; stored PINs, account numbers and ZIPs are never sent back (they are hashed, and CPNI).
 */
export function portOutResponse(decision: Decision): HttpResponse {
  return {
    statusCode: 200,
    headers: { "content-type": "application/xml; charset=utf-8" },
    body: portOutResponseXml(decision),
  };
}

/** The XML body of {@link portOutResponse}. */
export function portOutResponseXml(decision: Decision): string {
  const lines = ["<PortOutValidationResponse>", `  <Portable>${decision.portable}</Portable>`];
  if (decision.pon !== null) lines.push(`  <PON>${escapeXml(decision.pon)}</PON>`);
  if (!decision.portable) {
    lines.push("  <Errors>");
    for (const error of decision.errors) {
      lines.push(
        "    <Error>",
        `      <Code>${error.code}</Code>`,
        `      <Description>${escapeXml(error.description)}</Description>`,
        "    </Error>",
      );
    }
    lines.push("  </Errors>", "  <AcceptableValues>", "    <TelephoneNumbers>");
    for (const number of decision.acceptableNumbers) {
      lines.push(`      <TelephoneNumber>${escapeXml(number)}</TelephoneNumber>`);
    }
    lines.push("    </TelephoneNumbers>", "  </AcceptableValues>");
  }
  lines.push("</PortOutValidationResponse>");
  return `${lines.join("\n")}\n`;
}

/** Escapes markup, and drops what XML forbids outright (no escape can carry it). */
function escapeXml(value: string): string {
  return dropXmlForbiddenChars(value).replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
