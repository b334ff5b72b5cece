import { describe, expect, it } from "vitest";
import { PORTOUT_ERROR, portOutError } from "../../../lib/portout/codes.ts";
import { fallbackDecision } from "../../../lib/portout/decide.ts";
import { decisionOf } from "../../../lib/portout/decisionOf.ts";
import { portOutResponse } from "../../../lib/portout/response.ts";

/** What the XML 1.0 `Char` production leaves out (https://www.w3.org/TR/xml/#charsets). */
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

describe("portOutResponse", () => {
  it("answers an approval exactly as docs/providers.md#port-out-validation-response: 200, Portable true and the PON", () => {
    const response = portOutResponse(
      decisionOf({
        pon: "some_pon",
        errors: [],
        acceptableNumbers: ["2223331000"],
        checks: [],
        basis: "directory",
      }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers?.["content-type"]).toBe("application/xml; charset=utf-8");
    expect(response.body).toBe(
      [
        "<PortOutValidationResponse>",
        "  <Portable>true</Portable>",
        "  <PON>some_pon</PON>",
        "</PortOutValidationResponse>",
        "",
      ].join("\n"),
    );
  });

  it("answers a refusal with 200, one Error per failed check in code order and the valid numbers", () => {
    const response = portOutResponse(
      decisionOf({
        pon: "some_pon",
        errors: [
          portOutError(PORTOUT_ERROR.numberNotRecognized, "2223339999"),
          { ...PORTOUT_ERROR.pinInvalid },
        ],
        acceptableNumbers: ["2223331000"],
        checks: [],
        basis: "directory",
      }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(
      [
        "<PortOutValidationResponse>",
        "  <Portable>false</Portable>",
        "  <PON>some_pon</PON>",
        "  <Errors>",
        "    <Error>",
        "      <Code>7513</Code>",
        "      <Description>PIN Invalid</Description>",
        "    </Error>",
        "    <Error>",
        "      <Code>7516</Code>",
        "      <Description>Telephone Number not recognized or invalid for this account: 2223339999</Description>",
        "    </Error>",
        "  </Errors>",
        "  <AcceptableValues>",
        "    <TelephoneNumbers>",
        "      <TelephoneNumber>2223331000</TelephoneNumber>",
        "    </TelephoneNumbers>",
        "  </AcceptableValues>",
        "</PortOutValidationResponse>",
        "",
      ].join("\n"),
    );
  });

  it("never denies with empty AcceptableValues: with no number confirmed it says nothing was verified", () => {
    const response = portOutResponse(fallbackDecision("some_pon", "directory", "fail-closed"));
    expect(response.body).toContain(
      [
        "  <AcceptableValues>",
        "    <SubscriberName>NOT VERIFIED - SEE ERRORS</SubscriberName>",
        "  </AcceptableValues>",
      ].join("\n"),
    );
    expect(response.body).not.toContain("<TelephoneNumbers>");
  });

  it("leaves out the PON when the request had none, and escapes what it echoes", () => {
    const none = portOutResponse(
      decisionOf({ pon: null, errors: [], acceptableNumbers: [], checks: [], basis: "directory" }),
    );
    expect(none.body).not.toContain("<PON>");
    const odd = portOutResponse(
      decisionOf({ pon: "a<b>&c", errors: [], acceptableNumbers: [], checks: [], basis: "directory" }),
    );
    expect(odd.body).toContain("<PON>a&#60;b&#62;&#38;c</PON>");
  });

  it("never echoes a character XML 1.0 forbids, whatever the decision holds", () => {
    const hostile = "a\u0000b\u0001c\u001Fd\uFFFEe\uFFFFf\uD800g";
    const body = portOutResponse(
      decisionOf({
        pon: hostile,
        errors: [portOutError(PORTOUT_ERROR.numberNotRecognized, hostile)],
        acceptableNumbers: [hostile],
        checks: [],
        basis: "directory",
      }),
    ).body;
    expect(body).not.toMatch(XML_FORBIDDEN);
    expect(body).toContain("<PON>abcdefg</PON>");
  });
});
