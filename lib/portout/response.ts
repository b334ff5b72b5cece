import type { HttpResponse } from "../http/response.ts";
import type { Decision } from "./decisionOf.ts";
import { dropXmlForbiddenChars } from "./xmlChars.ts";

/**
 * What a denial's `AcceptableValues` carries when no number could be confirmed (directory down, no
 * number recognised, a request refused before any lookup). Bandwidth's port-out webhook page
 * (site/docs/numbers/portoutWebhook.md, "Deny Portout", Bandwidth/api-docs) says `AcceptableValues`
 * "should contain at least one of the optional fields" and "failure to return any data may be
 * considered to be equivalent to approving the port-out request". `SubscriberName` is the one field
 * the page calls "for information purposes": this fixed text names nobody, and submitting it again
 * validates nothing (the PIN and account number are still checked).
 */
export const NOTHING_VERIFIED = "NOT VERIFIED - SEE ERRORS";

/**
 * Renders a decision as Bandwidth's `PortOutValidationResponse`
 * (docs/providers.md#port-out-validation-response), always with HTTP 200: Bandwidth reads a 4xx or 5xx as
 * approval. A denial's `AcceptableValues` lists the numbers recognised and active on the account the request
 * names, or {@link NOTHING_VERIFIED}: never empty. PINs and account numbers are never sent back: they are the
 * subscriber's secrets, stored only as hashes, and the answer reaches whoever Bandwidth shows it to. Nor are
 * stored ZIPs and names (CPNI).
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
    lines.push("  </Errors>", "  <AcceptableValues>");
    const numbers = decision.acceptableNumbers.map(escapeXml).filter((number) => number !== "");
    if (numbers.length === 0) lines.push(`    <SubscriberName>${NOTHING_VERIFIED}</SubscriberName>`);
    else {
      lines.push("    <TelephoneNumbers>");
      for (const number of numbers) lines.push(`      <TelephoneNumber>${number}</TelephoneNumber>`);
      lines.push("    </TelephoneNumbers>");
    }
    lines.push("  </AcceptableValues>");
  }
  lines.push("</PortOutValidationResponse>");
  return `${lines.join("\n")}\n`;
}

/** Escapes markup, and drops what XML forbids outright (no escape can carry it). */
function escapeXml(value: string): string {
  return dropXmlForbiddenChars(value).replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
