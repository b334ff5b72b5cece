import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { MalformedBodyError } from "../../../lib/errors.ts";
import { parsePortOutRequest } from "../../../lib/portout/request.ts";

const FIXTURES = resolve(import.meta.dirname, "../../../events/bandwidth/portout-validation");
const fixture = (name: string) => readFileSync(resolve(FIXTURES, name));
const xml = (inner: string) => Buffer.from(`<PortOutValidationRequest>${inner}</PortOutValidationRequest>`);

describe("parsePortOutRequest", () => {
  it("reads every field of Bandwidth's documented sample (docs/providers.md#port-out-validation-request)", () => {
    expect(parsePortOutRequest(fixture("valid.xml"))).toEqual({
      pon: "some_pon",
      pin: "1111",
      accountNumber: "777",
      zipCode: "62025",
      subscriberName: "Subscriber Name",
      telephoneNumbers: ["2223331000", "2223331001"],
    });
  });

  it("treats every field but the numbers as optional", () => {
    expect(parsePortOutRequest(fixture("minimal.xml"))).toEqual({
      pon: null,
      pin: null,
      accountNumber: null,
      zipCode: null,
      subscriberName: null,
      telephoneNumbers: ["9195551234"],
    });
  });

  it("keeps leading zeros and reads a lone number as a list", () => {
    const request = parsePortOutRequest(
      xml(
        "<Pin>0042</Pin><ZipCode>02154</ZipCode><TelephoneNumbers><TelephoneNumber>2223331000</TelephoneNumber></TelephoneNumbers>",
      ),
    );
    expect(request.pin).toBe("0042");
    expect(request.zipCode).toBe("02154");
    expect(request.telephoneNumbers).toEqual(["2223331000"]);
  });

  it("decodes entities in names", () => {
    const request = parsePortOutRequest(
      xml(
        "<SubscriberName>AT&amp;T Shop</SubscriberName><TelephoneNumbers><TelephoneNumber>2223331000</TelephoneNumber></TelephoneNumbers>",
      ),
    );
    expect(request.subscriberName).toBe("AT&T Shop");
  });

  it.each([
    ["no numbers", xml("<PON>x</PON>"), /no TelephoneNumbers/],
    ["an empty numbers list", xml("<TelephoneNumbers></TelephoneNumbers>"), /no TelephoneNumbers/],
    [
      "another document",
      Buffer.from("<Notification><Status>x</Status></Notification>"),
      /PortOutValidationRequest/,
    ],
    [
      "truncated XML",
      Buffer.from("<PortOutValidationRequest><TelephoneNumbers><TelephoneNumber>222"),
      /malformed XML/,
    ],
    [
      "a DTD",
      Buffer.from(
        '<!DOCTYPE x [<!ENTITY e "boom">]><PortOutValidationRequest><PON>&e;</PON></PortOutValidationRequest>',
      ),
      /DTD/,
    ],
    [
      "an oversized field",
      xml(
        `<Pin>${"1".repeat(300)}</Pin><TelephoneNumbers><TelephoneNumber>2223331000</TelephoneNumber></TelephoneNumbers>`,
      ),
      /Pin is too long/,
    ],
    [
      "nested junk in the numbers",
      xml("<TelephoneNumbers><TelephoneNumber><X>1</X></TelephoneNumber></TelephoneNumbers>"),
      /TelephoneNumber elements/,
    ],
  ])("rejects %s with a short reason", (_, body, reason) => {
    expect(() => parsePortOutRequest(body)).toThrow(MalformedBodyError);
    expect(() => parsePortOutRequest(body)).toThrow(reason);
  });

  it("never puts a field's value in its error", () => {
    const body = xml(
      `<Pin>${"7".repeat(300)}</Pin><TelephoneNumbers><TelephoneNumber>2223331000</TelephoneNumber></TelephoneNumbers>`,
    );
    expect(() => parsePortOutRequest(body)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("777") }),
    );
  });
});
