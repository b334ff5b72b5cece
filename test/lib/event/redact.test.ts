import { describe, expect, it } from "vitest";
import { CredentialFields, REDACTED_VALUE, redactCredentials } from "../../../lib/event/redact.ts";

const fields = new CredentialFields(["PinNumber", "attempted_pin"]);

describe("redactCredentials", () => {
  it("hides a credential field at any depth, whatever its casing or separators", () => {
    const payload = {
      PinNumber: "1234",
      order: { pinNumber: "5678", list: [{ pin_number: "9012" }, { ATTEMPTED_PIN: "3456" }] },
      keep: "PinNumber",
    };
    expect(redactCredentials(payload, fields)).toEqual({
      PinNumber: REDACTED_VALUE,
      order: {
        pinNumber: REDACTED_VALUE,
        list: [{ pin_number: REDACTED_VALUE }, { ATTEMPTED_PIN: REDACTED_VALUE }],
      },
      keep: "PinNumber",
    });
    expect(payload.order.pinNumber).toBe("5678");
  });

  it("hides an object or list held under a credential field, and leaves absent values as they are", () => {
    expect(redactCredentials({ PinNumber: { a: 1 }, attempted_pin: null, pin_number: "" }, fields)).toEqual({
      PinNumber: REDACTED_VALUE,
      attempted_pin: null,
      pin_number: "",
    });
  });

  it("keeps a key named __proto__ a plain key of the copy", () => {
    const payload = JSON.parse('{"__proto__": {"PinNumber": "1234"}}');
    const copy = redactCredentials(payload, fields) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"PinNumber":"[REDACTED]"}}');
  });
});
