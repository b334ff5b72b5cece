import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyHmacSha256 } from "../../../lib/auth/hmac.ts";
import { AuthenticationError } from "../../../lib/errors.ts";
import vectors from "../../fixtures/vectors.json" with { type: "json" };

const secret = Buffer.from("s3cret");
const message = Buffer.from('{"a":1}');
const sign = (body: Buffer, key = secret) => createHmac("sha256", key).update(body).digest("base64");
const check = (signature: string | undefined, body = message) =>
  verifyHmacSha256({ signature, message: body, secret, header: "x-signature" });

describe("verifyHmacSha256", () => {
  it("passes the Bandwidth v2 vector of vectors.json", () => {
    expect(() =>
      verifyHmacSha256({
        signature: vectors.bwSigB64,
        message: Buffer.from(vectors.bwBody, "utf8"),
        secret: Buffer.from(vectors.bwSecret, "utf8"),
        header: "x-bandwidth-signature-sha-256",
      }),
    ).not.toThrow();
  });

  it("accepts a correct signature", () => {
    expect(() => check(sign(message))).not.toThrow();
  });

  it.each([
    ["a missing header", undefined, "missing x-signature header"],
    ["an empty header", "", "missing x-signature header"],
    ["a header that is not base64", "not base64!", "x-signature is not base64"],
    [
      "the hex form of the right signature",
      createHmac("sha256", secret).update(message).digest("hex"),
      "x-signature must decode to 32 bytes",
    ],
    [
      "a truncated signature",
      Buffer.from(sign(message), "base64").subarray(0, 31).toString("base64"),
      "x-signature must decode to 32 bytes",
    ],
    ["a signature made with another secret", sign(message, Buffer.from("other")), "signature mismatch"],
  ])("rejects %s", (_, signature, reason) => {
    expect(() => check(signature)).toThrow(new AuthenticationError(reason));
  });

  it("rejects a body with one byte changed", () => {
    const changed = Buffer.from(message);
    changed[2] = 0x62;
    expect(() => check(sign(message), changed)).toThrow(AuthenticationError);
  });
});
