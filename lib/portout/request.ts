import { MalformedBodyError } from "../errors.ts";
import { isObject } from "../json/parseJsonObject.ts";
import { parseXml, textOf } from "../xml/parse.ts";
import { hasXmlForbiddenChar, refersToXmlForbiddenChar } from "./xmlChars.ts";

/**
 * Bandwidth's `PortOutValidationRequest` (docs/providers.md#port-out-validation-request). Every field but the
 * numbers is optional.
 */
export interface PortOutValidationRequest {
  /** The port order number, "for information and correlation purposes"; echoed in the answer. */
  pon: string | null;
  pin: string | null;
  accountNumber: string | null;
  zipCode: string | null;
  subscriberName: string | null;
  /** The numbers as Bandwidth sent them (10-digit LEGACY format), in order. */
  telephoneNumbers: string[];
}

const ARRAYS = new Set(["TelephoneNumber"]);
/** Far above every documented field length (25 digits at most): a longer value is not Bandwidth's. */
const MAX_FIELD_CHARS = 256;
const FORBIDDEN_CHAR = "the request holds a character XML does not allow";

/**
 * Parses the request body with the hardened XML settings (no DTD, values kept as strings so
 * leading zeros survive, a single number still a list). Throws MalformedBodyError with a short
 * reason for anything Bandwidth would not send; the caller answers that with 7598, not a 4xx,
 * because Bandwidth approves a port-out on any 4xx
 * (docs/providers.md#port-out-validation-timing-and-retries). A character XML forbids, raw or as a character
 * reference (`&#1;`), is refused too: the PON and numbers are echoed.
 */
export function parsePortOutRequest(body: Buffer): PortOutValidationRequest {
  const text = body.toString("utf8");
  if (hasXmlForbiddenChar(text) || refersToXmlForbiddenChar(text))
    throw new MalformedBodyError(FORBIDDEN_CHAR);
  const document = parseXml(text, ARRAYS);
  const root = document.PortOutValidationRequest;
  if (!isObject(root)) {
    throw new MalformedBodyError("expected a PortOutValidationRequest document");
  }
  const node = root;
  const field = (name: string): string | null => {
    const value = textOf(node, name);
    if (value !== null && value.length > MAX_FIELD_CHARS) throw new MalformedBodyError(`${name} is too long`);
    if (value !== null && hasXmlForbiddenChar(value)) throw new MalformedBodyError(FORBIDDEN_CHAR);
    return value;
  };
  const request: PortOutValidationRequest = {
    pon: field("PON"),
    pin: field("Pin"),
    accountNumber: field("AccountNumber"),
    zipCode: field("ZipCode"),
    subscriberName: field("SubscriberName"),
    telephoneNumbers: numbersOf(node),
  };
  if (request.telephoneNumbers.length === 0)
    throw new MalformedBodyError("no TelephoneNumbers in the request");
  return request;
}

function numbersOf(node: Record<string, unknown>): string[] {
  const holder = node.TelephoneNumbers;
  if (holder === undefined || holder === "") return [];
  const items = isObject(holder) ? holder.TelephoneNumber : null;
  if (!Array.isArray(items) || items.some((item) => typeof item !== "string")) {
    throw new MalformedBodyError("TelephoneNumbers must hold TelephoneNumber elements");
  }
  return (items as string[])
    .filter((item) => item !== "")
    .map((item) => {
      if (item.length > MAX_FIELD_CHARS) throw new MalformedBodyError("TelephoneNumber is too long");
      if (hasXmlForbiddenChar(item)) throw new MalformedBodyError(FORBIDDEN_CHAR);
      return item;
    });
}
